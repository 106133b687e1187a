/**
 * A tiny bootable disk image for QEMU tests: one 512-byte x86 boot sector (hand-assembled
 * real-mode code) that prints a message to the first serial port (COM1, 0x3f8), then either
 * halts forever ("runs until stopped") or, after an optional BIOS wait, writes to the
 * isa-debug-exit port so QEMU exits with code (1 << 1) | 1 = 3.
 */
import { writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';

/** BootImageOptions choose what the VM does after printing. */
export interface BootImageOptions {
  message: string;
  /** Exit QEMU with code 3 (needs ISA_DEBUG_EXIT_ARGS) after this many ms; undefined = run forever. */
  exitWithCode3AfterMs?: number;
}

/** QEMU args that add the isa-debug-exit device the image uses to exit. */
export const ISA_DEBUG_EXIT_ARGS = ['-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'];

/** bootSector assembles the 512-byte image. */
export function bootSector(opts: BootImageOptions): Buffer {
  const code: number[] = [];
  const emit = (...bytes: number[]): void => {
    code.push(...bytes);
  };
  emit(0x31, 0xc0); // xor ax, ax
  emit(0x8e, 0xd8); // mov ds, ax
  emit(0xfc); // cld
  const siImmediateAt = code.length + 1;
  emit(0xbe, 0x00, 0x00); // mov si, <message address> (patched below)
  const printLoop = code.length;
  emit(0xac); // lodsb
  emit(0x84, 0xc0); // test al, al
  emit(0x74, 0x06); // jz done (skips the next 6 bytes)
  emit(0xba, 0xf8, 0x03); // mov dx, 0x3f8
  emit(0xee); // out dx, al
  emit(0xeb, (printLoop - (code.length + 2)) & 0xff); // jmp printLoop
  if (opts.exitWithCode3AfterMs !== undefined) {
    const micros = Math.max(0, Math.round(opts.exitWithCode3AfterMs * 1000));
    emit(0xfb); // sti
    emit(0xb4, 0x86); // mov ah, 0x86 (BIOS wait CX:DX microseconds)
    emit(0xb9, (micros >>> 16) & 0xff, (micros >>> 24) & 0xff); // mov cx, high word
    emit(0xba, micros & 0xff, (micros >>> 8) & 0xff); // mov dx, low word
    emit(0xcd, 0x15); // int 0x15
    emit(0xb0, 0x01); // mov al, 1
    emit(0xe6, 0xf4); // out 0xf4, al  -> QEMU exits with (1 << 1) | 1 = 3
  }
  const hang = code.length;
  emit(0xf4); // hlt
  emit(0xeb, (hang - (code.length + 2)) & 0xff); // jmp hang
  const messageAddress = 0x7c00 + code.length;
  code[siImmediateAt] = messageAddress & 0xff;
  code[siImmediateAt + 1] = messageAddress >>> 8;
  for (const ch of Buffer.from(`${opts.message}\r\n`, 'latin1')) emit(ch);
  emit(0);
  if (code.length > 510) throw new Error('boot sector too large');
  const sector = Buffer.alloc(512);
  Buffer.from(code).copy(sector);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
}

/** writeBootImage writes the image to `path` (raw format). */
export async function writeBootImage(path: string, opts: BootImageOptions): Promise<void> {
  await writeFile(path, bootSector(opts));
}

/** qemuUnavailableReason answers undefined when qemu-system-x86_64 can run, else why not. */
export function qemuUnavailableReason(): string | undefined {
  const probe = spawnSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) return 'qemu-system-x86_64 not installed (Debian package qemu-system-x86)';
  return undefined;
}
