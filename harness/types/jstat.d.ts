// The part of jstat bench uses (the package ships no types). It is CommonJS: `import jStat from 'jstat'`.
declare module 'jstat' {
  const jStat: {
    readonly studentt: {
      readonly inv: (p: number, dof: number) => number;
      readonly cdf: (t: number, dof: number) => number;
    };
    readonly normal: {
      readonly cdf: (x: number, mean: number, sd: number) => number;
    };
  };
  export default jStat;
}
