/**
 * A minimal browser for officer pages over real HTTP: keeps cookies, reads
 * form tokens from pages, and does not follow redirects (tests check them).
 */
export class OfficerBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private async request(path: string, init: { method: string; body?: URLSearchParams | FormData }): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...this.extraHeaders, ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
    return response;
  }

  get(path: string): Promise<Response> {
    return this.request(path, { method: 'GET' });
  }

  /** Posts a form: urlencoded from a record, or from URLSearchParams when a field repeats (ticked checkboxes); multipart from FormData. */
  post(path: string, fields: Record<string, string> | URLSearchParams | FormData): Promise<Response> {
    const body = fields instanceof FormData || fields instanceof URLSearchParams ? fields : new URLSearchParams(fields);
    return this.request(path, { method: 'POST', body });
  }

  /** The form token on a page, as a browser would submit it. */
  async formToken(path: string): Promise<string> {
    const page = await (await this.get(path)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    if (!token) throw new Error(`No form token on ${path}`);
    return token;
  }

  async signIn(fields: { council: string; email: string; password: string; next?: string }): Promise<Response> {
    const _csrf = await this.formToken('/sign-in');
    return this.post('/sign-in', { ...fields, next: fields.next ?? '/', _csrf });
  }
}

/** A browser signed in as the officer, failing the test unless signing in redirects (303) as it does on success. */
export async function signedInOfficer(
  baseUrl: string,
  officer: { council: string; email: string; password: string },
): Promise<OfficerBrowser> {
  const browser = new OfficerBrowser(baseUrl);
  expect((await browser.signIn(officer)).status).toBe(303);
  return browser;
}

/** The token of the set-password link in a text, such as an email or the command line's output. */
export const passwordLinkToken = (text: string): string | undefined => /\/set-password\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

/** Submits the set-password form as a signed-out browser does, with a form token from a page that has one whatever the link. */
export async function setPasswordThroughLink(
  baseUrl: string,
  token: string,
  password: string,
  confirmPassword = password,
): Promise<Response> {
  const browser = new OfficerBrowser(baseUrl);
  const _csrf = await browser.formToken('/forgot-password');
  return browser.post('/set-password', { _csrf, token, password, confirmPassword });
}

/** Expects the response to send the browser on to `location` (303, as a form's change does). */
export function expectRedirect(response: Response, location: string): void {
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe(location);
}
