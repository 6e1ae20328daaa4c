/** Deliberate defects of the mock's §8 notices, so the conformance suite can prove it notices each one. */
export const NOTICE_QUIRKS = [
  /** The feed serves every notice, whatever its targetRegions. */
  'noticeFeedIgnoresScope',
  /** A feed cursor issued to another appKey is accepted. */
  'acceptForeignCursor',
  /** A response whose status goes back (or follows a final one) is accepted. */
  'allowStatusBack',
  /** A responseId reused with other content is accepted as a new response. */
  'acceptReusedResponseId',
  /** A withdrawn notice is answered like any other. */
  'answerWithdrawnNotice',
  /** A raised notice keeps only the targetRegions sent. */
  'noTargetRegionExtension',
  /** The 409 checks come before the field errors. */
  'noticeConflictBeforeFieldErrors',
  /** The field errors of a 422 are listed in reverse order. */
  'reverseNoticeFieldErrors',
] as const;
