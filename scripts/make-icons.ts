/**
 * Draws the toolbar icons (public/icon-N.png) without an image library: a dark rounded square
 * with an orange check-mark "v". Run once after changing the design: `npx tsx scripts/make-icons.ts`.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const distToSegment = (px: number, py: number, ax: number, ay: number, bx: number, by: number) => {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
};

for (const size of [16, 32, 48, 128]) {
  const s = size;
  const r = s * 0.2;
  writeFileSync(
    `public/icon-${size}.png`,
    png(size, (x, y) => {
      const cx = x + 0.5;
      const cy = y + 0.5;
      const dx = Math.max(r - cx, 0, cx - (s - r));
      const dy = Math.max(r - cy, 0, cy - (s - r));
      if (Math.hypot(dx, dy) > r) return [0, 0, 0, 0];
      const stroke = s * 0.11;
      const d = Math.min(distToSegment(cx, cy, s * 0.22, s * 0.3, s * 0.5, s * 0.76), distToSegment(cx, cy, s * 0.5, s * 0.76, s * 0.78, s * 0.3));
      return d < stroke ? [255, 153, 0, 255] : [35, 47, 62, 255];
    }),
  );
}
console.log('icons written');
