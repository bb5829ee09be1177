// The upload scenario's body: a deterministic DXF-like drawing of the requested size.

const ENTITY = (index: number): string =>
  `0\nLINE\n8\nPART-${index % 7}\n10\n${(index * 1.5).toFixed(3)}\n20\n${(index * 0.75).toFixed(3)}\n11\n${(index * 1.5 + 10).toFixed(3)}\n21\n${(index * 0.75 + 5).toFixed(3)}\n`;

export const buildDxfBody = (bytes: number): Buffer => {
  const parts: string[] = ['0\nSECTION\n2\nENTITIES\n'];
  let size = parts[0]!.length;
  for (let index = 0; size < bytes; index += 1) {
    const entity = ENTITY(index);
    parts.push(entity);
    size += entity.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
};
