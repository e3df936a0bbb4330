/**
 * Types for the parts of jStat (jstat 1.9.6, no bundled types) that Loopbook uses. The package is a UMD
 * bundle whose default export is the jStat object. Add members here as they are needed; one shared file so
 * declarations never clash.
 */
declare module 'jstat' {
  /** A continuous distribution with fixed parameters passed on each call. */
  interface Dist1 {
    pdf(x: number, a: number): number;
    cdf(x: number, a: number): number;
    inv(p: number, a: number): number;
    mean(a: number): number;
    variance(a: number): number;
  }
  interface Dist2 {
    pdf(x: number, a: number, b: number): number;
    cdf(x: number, a: number, b: number): number;
    inv(p: number, a: number, b: number): number;
    mean(a: number, b: number): number;
    variance(a: number, b: number): number;
  }
  interface JStatStatic {
    normal: Dist2;
    studentt: Dist1;
    chisquare: Dist1;
    beta: Dist2;
    gamma: Dist2;
    centralF: Dist2;
    /** ln Γ(x). */
    gammaln(x: number): number;
    /** Regularised lower incomplete gamma P(a, x). */
    lowRegGamma(a: number, x: number): number;
    /** Regularised incomplete beta I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    /** ln B(a, b). */
    betaln(a: number, b: number): number;
    /** Error function. */
    erf(x: number): number;
    erfc(x: number): number;
  }
  const jStat: JStatStatic;
  export default jStat;
}
