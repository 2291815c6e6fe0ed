/** The console hosts vmlint reads (the manifest's host permissions), shared by the content
 *  script's route parsers and the worker's sender check so that both accept the same pages. */
export const AWS_CONSOLE_HOST = /(^|\.)console\.(aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)$/;

/** Google Cloud console: `console.cloud.google.com`, and `console.cloud.google` for
 *  workforce-identity users (spec/pages.md). Exact hosts: no subdomains. */
export const GCP_CONSOLE_HOST = /^console\.cloud\.google(\.com)?$/;

export function isAwsConsoleHost(hostname: string): boolean {
  return AWS_CONSOLE_HOST.test(hostname);
}

export function isGcpConsoleHost(hostname: string): boolean {
  return GCP_CONSOLE_HOST.test(hostname);
}

export function isConsoleHost(hostname: string): boolean {
  return isAwsConsoleHost(hostname) || isGcpConsoleHost(hostname);
}
