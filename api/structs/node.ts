/**
 * Node: a client machine as the server sees it.
 */
import type { NodeReservedResources, NodeResources } from './resources.js';

/** NodeStatus is the liveness state driven by heartbeats. */
export type NodeStatus = 'initializing' | 'ready' | 'down' | 'disconnected';

/** NodeSchedulingEligibility says whether new allocations may be placed. */
export type NodeSchedulingEligibility = 'eligible' | 'ineligible';

/** DriverInfo is one driver's fingerprint on a node. */
export interface DriverInfo {
  Attributes: Record<string, string>;
  Detected: boolean;
  Healthy: boolean;
  HealthDescription: string;
  UpdateTime: string;
}

/** NodeEvent is one entry in a node's history (registered, down, drain, ...). */
export interface NodeEvent {
  Message: string;
  Subsystem: string;
  Details?: Record<string, string>;
  Timestamp: string;
  CreateIndex: number;
}

/** DrainStrategy is set while a node drains. */
export interface DrainStrategy {
  Deadline: number;
  IgnoreSystemJobs: boolean;
  ForceDeadline: string;
  StartedAt: string;
}

/** Node is a client agent's registration. `SecretID` is never returned by the API. */
export interface Node {
  ID: string;
  SecretID: string;
  Datacenter: string;
  Name: string;
  HTTPAddr: string;
  TLSEnabled: boolean;
  Attributes: Record<string, string>;
  NodeResources: NodeResources;
  ReservedResources: NodeReservedResources;
  Links?: Record<string, string>;
  Meta: Record<string, string>;
  NodeClass: string;
  NodePool: string;
  /** ComputedClass is "v1:" + hash of the scheduling-relevant fields (see blocked evals). */
  ComputedClass: string;
  Drain: boolean;
  DrainStrategy?: DrainStrategy | null;
  SchedulingEligibility: NodeSchedulingEligibility;
  Status: NodeStatus;
  StatusDescription: string;
  StatusUpdatedAt: number;
  Events: NodeEvent[];
  Drivers: Record<string, DriverInfo>;
  HostVolumes?: Record<string, { Name: string; Path: string; ReadOnly: boolean }>;
  NodeMaxAllocs?: number;
  CreateIndex: number;
  ModifyIndex: number;
}
