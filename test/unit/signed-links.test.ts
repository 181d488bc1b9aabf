import { loadConfig, type ConfigError } from '../../config/env';
import { signLink, verifyLink, type LinkClaims } from '../../links/signed-links';

const OLD_SECRET = 'the-secret-the-council-used-until-today-0123456789';
const NEW_SECRET = 'the-secret-the-council-uses-from-today-9876543210';
const NOW = new Date('2026-11-23T09:00:00Z');
const claims: LinkClaims = {
  purpose: 'visit',
  councilId: 'council-1',
  subjectId: 'assignment-1',
  memberId: 'member-1',
  expiresAt: new Date('2026-12-07T09:00:00Z'),
};

describe('changing the link-signing secret', () => {
  test('a link emailed before the change still opens while the old secret is listed as previous, and not once it is dropped', () => {
    const emailedYesterday = signLink(OLD_SECRET, claims);
    expect(verifyLink([NEW_SECRET, OLD_SECRET], emailedYesterday, NOW)).toEqual({ ok: true, claims });
    expect(verifyLink([NEW_SECRET], emailedYesterday, NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  test('new links are signed with the current secret and open with it alone', () => {
    expect(verifyLink([NEW_SECRET], signLink(NEW_SECRET, claims), NOW)).toEqual({ ok: true, claims });
  });

  test('a link whose claims were changed is forged under every secret', () => {
    const [, signature] = signLink(OLD_SECRET, claims).split('.');
    const otherMember = Buffer.from(
      JSON.stringify({ p: 'visit', c: 'council-1', s: 'assignment-1', m: 'member-2', e: 1796634000 }),
    ).toString('base64url');
    expect(verifyLink([NEW_SECRET, OLD_SECRET], `${otherMember}.${signature}`, NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  test('LINK_SIGNING_PREVIOUS_SECRETS takes a comma-separated list, and a short one is refused without being printed', () => {
    expect(
      loadConfig({ LINK_SIGNING_SECRET: NEW_SECRET, LINK_SIGNING_PREVIOUS_SECRETS: ` ${OLD_SECRET} ` }).LINK_SIGNING_PREVIOUS_SECRETS,
    ).toEqual([OLD_SECRET]);
    let problems: string[] = [];
    try {
      loadConfig({ LINK_SIGNING_PREVIOUS_SECRETS: `${OLD_SECRET},short` });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      expect.stringMatching(
        /^LINK_SIGNING_PREVIOUS_SECRETS each secret must be at least 32 characters; .* \(got a value of \d+ characters\)/,
      ),
    ]);
    expect(problems[0]).not.toContain(OLD_SECRET);
  });
});
