import { renderEmail, type RenderedEmail } from '../layout';

export interface PasswordLinkEmail {
  purpose: 'INVITE' | 'RESET';
  officerName: string;
  councilName: string;
  url: string;
  /** "Sunday 6 December 2026 at 2pm" */
  expires: string;
}

/** The one-time link that lets an officer choose a password: an invitation to a new account, or a reset. */
export function passwordLinkEmail(link: PasswordLinkEmail): RenderedEmail {
  const invite = link.purpose === 'INVITE';
  return renderEmail(
    {
      subject: invite
        ? `Your account for ${link.councilName}'s corporate parenting duties`
        : `Set a new password for ${link.councilName}'s corporate parenting duties`,
      preview: invite ? 'Choose a password to start using your account.' : 'Choose a new password for your account.',
      greeting: `Hello ${link.officerName},`,
      paragraphs: invite
        ? [
            `You have an officer account for ${link.councilName}'s corporate parenting duties: visits, training, the pledge and panel reports.`,
            'Choose your password with the button below, then sign in with your email address.',
          ]
        : ['Someone asked for a new password for your account. Choose one with the button below.'],
      facts: [['Link works until', link.expires]],
      actions: [{ label: invite ? 'Choose your password' : 'Choose a new password', url: link.url }],
      footnote: invite
        ? 'The link works once. If it has expired, ask an admin in your council to send a new one.'
        : 'The link works once. If you did not ask for it, ignore this email: your password stays as it is.',
    },
    { signOff: `Corporate Parenting Engine, ${link.councilName}` },
  );
}
