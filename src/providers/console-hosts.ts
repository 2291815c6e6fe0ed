/** The console hosts vmlint reads (the manifest's host permissions), shared by the content
 *  script's route parser and the worker's sender check so that both accept the same pages. */
export const AWS_CONSOLE_HOST = /(^|\.)console\.(aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)$/;

export function isConsoleHost(hostname: string): boolean {
  return AWS_CONSOLE_HOST.test(hostname);
}
