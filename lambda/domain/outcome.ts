/** What domain functions return: a status the flow branches on plus optional string outputs. */

/** A domain result; the handler adapter turns it into the flat string map Connect reads. */
export type Outcome<S extends string = string> = { readonly status: S } & Readonly<
  Record<string, string | undefined>
>;

/** The contact a request belongs to, from the Connect event. */
export interface ContactContext {
  readonly contactId: string;
  /** The first contact of a chain of transfers; tokens minted there remain valid. */
  readonly initialContactId?: string;
  /** The caller's number as Connect reports it (unverified, spoofable). */
  readonly callerNumber?: string;
  readonly channel?: string;
}

/** Contact ids a token may be bound to for this request. */
export function tokenContactIds(contact: ContactContext): string[] {
  return contact.initialContactId && contact.initialContactId !== contact.contactId
    ? [contact.contactId, contact.initialContactId]
    : [contact.contactId];
}
