/** What every provider's route parser returns: enough for the controller and the worker. */
export interface PageRoute {
  provider: 'aws' | 'gcp' | 'azure';
  /** e.g. "aws-instance-details", "gcp-instance-details". */
  kind: string;
  /** The route as the console shows it (hash or path+query), bounded in length. */
  route: string;
}
