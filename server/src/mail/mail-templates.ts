import { text, type Role, type Text } from '@skriptoteket/contracts';
import type { MailContent } from './mail.ports';

const validFor = (hours: number): Text =>
  hours % 24 === 0 && hours >= 48
    ? text(
        `Länken gäller i ${hours / 24} dagar och kan bara användas en gång.`,
        `The link is valid for ${hours / 24} days and can be used only once.`,
      )
    : text(
        `Länken gäller i ${hours} ${hours === 1 ? 'timme' : 'timmar'} och kan bara användas en gång.`,
        `The link is valid for ${hours} ${hours === 1 ? 'hour' : 'hours'} and can be used only once.`,
      );

const UNEXPECTED = text(
  'Om du inte känner igen det här kan du bortse från mejlet.',
  'If you do not recognise this, you can ignore this email.',
);

const hello = (name: string | undefined): Text =>
  name ? text(`Hej ${name}!`, `Hello ${name},`) : text('Hej!', 'Hello,');

/** After self-registration: confirm the address to activate the account. */
export function verificationMail(link: string, hours: number, name?: string): MailContent {
  return {
    subject: text(
      'Bekräfta din e-postadress för Skriptoteket',
      'Confirm your email address for Skriptoteket',
    ),
    greeting: hello(name),
    paragraphs: [
      text(
        'Du har skapat ett konto i Skriptoteket. Bekräfta din e-postadress för att kunna logga in.',
        'You have created an account in Skriptoteket. Confirm your email address to be able to sign in.',
      ),
    ],
    action: { label: text('Bekräfta e-postadressen', 'Confirm email address'), url: link },
    after: [validFor(hours), UNEXPECTED],
  };
}

/** Forgot password: the person asked for the link themselves. */
export function passwordResetMail(link: string, hours: number, name?: string): MailContent {
  return {
    subject: text('Välj ett nytt lösenord för Skriptoteket', 'Choose a new password for Skriptoteket'),
    greeting: hello(name),
    paragraphs: [
      text(
        'Någon (förhoppningsvis du) har bett om att få byta lösenord för ditt konto i Skriptoteket.',
        'Someone (hopefully you) asked to change the password of your Skriptoteket account.',
      ),
    ],
    action: { label: text('Välj nytt lösenord', 'Choose a new password'), url: link },
    after: [
      validFor(hours),
      text(
        'När du har bytt lösenord loggas alla dina andra inloggningar ut.',
        'When you have changed your password, all your other sessions are signed out.',
      ),
      UNEXPECTED,
    ],
  };
}

/** Sent to the new address; the change takes effect only when this link is opened. */
export function emailChangeMail(link: string, hours: number, name?: string): MailContent {
  return {
    subject: text('Bekräfta din nya e-postadress', 'Confirm your new email address'),
    greeting: hello(name),
    paragraphs: [
      text(
        'Du har bett om att byta e-postadress för ditt konto i Skriptoteket till den här adressen.',
        'You asked to change the email address of your Skriptoteket account to this address.',
      ),
    ],
    action: { label: text('Bekräfta den nya adressen', 'Confirm the new address'), url: link },
    after: [validFor(hours), UNEXPECTED],
  };
}

/** An administrator created the account; the link lets the person choose a password. */
/** What an invited person's role lets them do, in a sentence of the invitation. */
const ROLE_LINES: Record<Role, Text> = {
  user: text(
    'Med ditt konto kan du köra skolans verktyg.',
    "With your account you can run the school's tools.",
  ),
  contributor: text(
    'Med ditt konto kan du köra skolans verktyg och skriva egna, som granskas innan andra kan använda dem.',
    "With your account you can run the school's tools and write your own, which are reviewed before others can use them.",
  ),
  admin: text(
    'Du är administratör: du kan dessutom granska och publicera verktyg och hantera konton.',
    'You are an administrator: you can also review and publish tools and manage accounts.',
  ),
  superuser: text(
    'Du är superanvändare: du kan dessutom utse superanvändare, se inloggningar och återställa tidigare versioner av verktyg.',
    'You are a superuser: you can also appoint superusers, see sign-in events and restore earlier versions of tools.',
  ),
};

export function invitationMail(link: string, hours: number, role: Role, invitedBy?: string): MailContent {
  return {
    subject: text('Du har bjudits in till Skriptoteket', 'You have been invited to Skriptoteket'),
    greeting: hello(undefined),
    paragraphs: [
      invitedBy
        ? text(
            `${invitedBy} har skapat ett konto åt dig i Skriptoteket, skolans verktygsbibliotek.`,
            `${invitedBy} has created an account for you in Skriptoteket, the school's tool library.`,
          )
        : text(
            'Ett konto har skapats åt dig i Skriptoteket, skolans verktygsbibliotek.',
            "An account has been created for you in Skriptoteket, the school's tool library.",
          ),
      ROLE_LINES[role],
      text('Välj ett lösenord för att komma igång.', 'Choose a password to get started.'),
    ],
    action: { label: text('Välj lösenord', 'Choose a password'), url: link },
    after: [validFor(hours), UNEXPECTED],
  };
}

/** An administrator sent a link to choose a new password (the account itself is unchanged until it is used). */
export function adminPasswordResetMail(link: string, hours: number, name?: string): MailContent {
  return {
    subject: text('Välj ett nytt lösenord för Skriptoteket', 'Choose a new password for Skriptoteket'),
    greeting: hello(name),
    paragraphs: [
      text(
        'En administratör har skickat dig en länk för att välja ett nytt lösenord till ditt konto i Skriptoteket.',
        'An administrator has sent you a link to choose a new password for your Skriptoteket account.',
      ),
      text(
        'Ditt nuvarande lösenord fungerar tills du har valt ett nytt.',
        'Your current password keeps working until you choose a new one.',
      ),
    ],
    action: { label: text('Välj nytt lösenord', 'Choose a new password'), url: link },
    after: [
      validFor(hours),
      text(
        'När du har bytt lösenord loggas alla dina inloggningar ut.',
        'When you have changed your password, all your sessions are signed out.',
      ),
      UNEXPECTED,
    ],
  };
}

/** An administrator decided on a tool suggestion; the link opens the suggester's list of suggestions. */
export function suggestionDecidedMail(
  outcome: { title: string; status: 'accepted' | 'declined'; reason: string | null; url: string },
  name?: string,
): MailContent {
  const isAccepted = outcome.status === 'accepted';
  return {
    subject: isAccepted
      ? text(
          `Ditt förslag ”${outcome.title}” har godkänts`,
          `Your suggestion “${outcome.title}” was accepted`,
        )
      : text(
          `Ditt förslag ”${outcome.title}” har avböjts`,
          `Your suggestion “${outcome.title}” was declined`,
        ),
    greeting: hello(name),
    paragraphs: [
      isAccepted
        ? text(
            'Ett utkast till verktyget har skapats och du underhåller det. Utkastet finns under Mina verktyg, där du kan öppna det i redigeraren.',
            'A draft of the tool has been created and you maintain it. The draft is under My tools, where you can open it in the editor.',
          )
        : text(
            'Förslaget blir inte ett verktyg den här gången.',
            'The suggestion will not become a tool this time.',
          ),
      ...(outcome.reason ? [text(`Motivering: ${outcome.reason}`, `Reason: ${outcome.reason}`)] : []),
    ],
    action: { label: text('Visa förslaget', 'View the suggestion'), url: outcome.url },
  };
}
