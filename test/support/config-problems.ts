import { ConfigError, loadConfig } from '../../config/env';

/** The problems start-up would report for these settings; none when they are accepted. */
export function configProblems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
