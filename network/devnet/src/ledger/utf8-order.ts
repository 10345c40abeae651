/** Orders strings by their UTF-8 bytes, as Fabric's Go code sorts keys (JavaScript compares UTF-16 code units). */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
