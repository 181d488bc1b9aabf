import { fork } from 'node:child_process';
import path from 'node:path';

import { ended } from './helper-process';
import { OfficerBrowser } from './officer-browser';

/** What the test provider says about one of its people. */
export interface TestProviderAccount {
  email?: string;
  email_verified?: boolean;
  name: string;
}

export interface TestIdentityProvider {
  issuer: string;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider, see oidc-provider.js) in its
 * own process, with one client registered and the given accounts, each signed
 * in by its key at the provider's login page.
 */
export async function startTestIdentityProvider(options: {
  client: { clientId: string; clientSecret: string; redirectUri: string };
  accounts: Record<string, TestProviderAccount>;
}): Promise<TestIdentityProvider> {
  const child = fork(path.join(__dirname, 'oidc-provider.js'), [], {
    env: { ...process.env, CPE_TEST_OIDC_PROVIDER: JSON.stringify(options) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { issuer: string }) => resolve(message.issuer));
    child.once('exit', (code) => reject(new Error(`The test identity provider exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    issuer,
    close: async () => {
      child.kill('SIGTERM');
      await ended(child);
    },
  };
}

/**
 * Signs `login` in at the provider over plain HTTP, as a browser would: from
 * the authorization address through the login and consent forms (`null`
 * presses Cancel on the login page instead). Gives the address the provider
 * then sends the browser to (the callback, with the code and state, or the
 * error), without opening it.
 */
export async function signInAtProvider(issuer: string, authorizationUrl: string, login: string | null): Promise<URL> {
  const origin = new URL(issuer).origin;
  const browser = new OfficerBrowser(origin);
  const pathOf = (address: URL) => `${address.pathname}${address.search}`;
  let response = await browser.get(pathOf(new URL(authorizationUrl)));
  for (let step = 0; step < 10; step += 1) {
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, origin);
      if (next.origin !== origin) return next;
      response = await browser.get(pathOf(next));
      continue;
    }
    const page = await response.text();
    if (login === null) {
      const cancel = /<a href="([^"]+)">\[ Cancel \]/.exec(page)?.[1];
      if (!cancel) throw new Error(`The provider's page has no Cancel link:\n${page.slice(0, 500)}`);
      response = await browser.get(pathOf(new URL(cancel, origin)));
      continue;
    }
    const action = /<form[^>]* action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (!action || !prompt)
      throw new Error(`The provider answered ${response.status} with no login or consent form:\n${page.slice(0, 500)}`);
    const fields: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt };
    response = await browser.post(pathOf(new URL(action, origin)), fields);
  }
  throw new Error('The provider never sent the browser back');
}
