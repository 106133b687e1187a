/**
 * Resource types shared by jobs (asks), nodes (capacity) and allocations (grants).
 */

/** Port is a static (`Value` > 0 in ReservedPorts) or dynamic port ask / grant. */
export interface Port {
  Label: string;
  Value: number;
  To: number;
  HostNetwork: string;
  IgnoreCollision?: boolean;
}

/** NetworkResource is a network ask (group/task) or grant (allocation). */
export interface NetworkResource {
  Mode: string;
  Device?: string;
  CIDR?: string;
  IP?: string;
  MBits?: number;
  Hostname?: string;
  DNS?: { Servers?: string[]; Searches?: string[]; Options?: string[] };
  ReservedPorts?: Port[];
  DynamicPorts?: Port[];
}

/** RequestedDevice is a `device` block inside task resources. */
export interface RequestedDevice {
  Name: string;
  Count: number;
  Constraints?: Array<{ LTarget: string; RTarget: string; Operand: string }>;
  Affinities?: Array<{ LTarget: string; RTarget: string; Operand: string; Weight: number }>;
}

/** Resources is a task's `resources` block. CPU in MHz, memory and disk in MB. */
export interface Resources {
  CPU: number;
  Cores?: number;
  MemoryMB: number;
  MemoryMaxMB?: number;
  DiskMB?: number;
  Networks?: NetworkResource[];
  Devices?: RequestedDevice[];
}

/** NodeDevice is one group of identical devices a node offers. */
export interface NodeDeviceResource {
  Vendor: string;
  Type: string;
  Name: string;
  InstanceIDs: string[];
  Attributes?: Record<string, string>;
}

/** NodeResources is what a node offers to the scheduler. */
export interface NodeResources {
  CPU: { CpuShares: number; TotalCpuCores?: number };
  Memory: { MemoryMB: number };
  Disk: { DiskMB: number };
  Networks?: NetworkResource[];
  Devices?: NodeDeviceResource[];
  /** Lowest and highest port the scheduler may hand out as dynamic ports (default 20000-32000). */
  MinDynamicPort: number;
  MaxDynamicPort: number;
}

/** NodeReservedResources is held back from scheduling (for the OS and the agent). */
export interface NodeReservedResources {
  CPU: { CpuShares: number };
  Memory: { MemoryMB: number };
  Disk: { DiskMB: number };
  /** Comma list of host ports and ranges the scheduler never assigns, e.g. "22,80-90". */
  Networks: { ReservedHostPorts: string };
}

/** AllocatedTaskResources is what one task of an allocation was granted. */
export interface AllocatedTaskResources {
  Cpu: { CpuShares: number; ReservedCores?: number[] };
  Memory: { MemoryMB: number; MemoryMaxMB?: number };
  Networks?: NetworkResource[];
  Devices?: Array<{ Vendor: string; Type: string; Name: string; DeviceIDs: string[] }>;
}

/** AllocatedResources is the grant of a whole allocation. */
export interface AllocatedResources {
  Tasks: Record<string, AllocatedTaskResources>;
  Shared: {
    DiskMB: number;
    Networks?: NetworkResource[];
    Ports?: Array<{ Label: string; Value: number; To: number; HostIP: string }>;
  };
}

/** ComparableResources is the flat sum used for fit checks. */
export interface ComparableResources {
  cpu: number;
  memoryMB: number;
  diskMB: number;
}
