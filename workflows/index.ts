// Every workflow the worker runs. The worker bundles this file for the workflow sandbox.
export * from './panel-meeting-invites';
export * from './visit-programme';
export * from './panel-report';
export * from './training-renewal';
export * from './pledge-campaign';
export * from './finding-action';
export * from './visit-report-review';
