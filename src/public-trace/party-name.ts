import { isResidentIdShaped } from '../national/check-characters';

/** Subject types the national specification allows for a person (§5.1: a RESIDENT_ID subject is one of these). */
const PERSON_TYPES = new Set(['INDIVIDUAL_FARMER', 'VENDOR']);

/** A person's name as the public page shows it: its first character and one asterisk per other character (张三丰 → 张**). */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/**
 * Whether a registered subject is (or may be) a natural person: registered with a resident ID, identified
 * by a code shaped like one, or of a subject type the specification allows for a person. A type that may
 * be a person's business (a vendor's stall, a farming household) is masked too: the page errs on privacy.
 */
export function isPerson(subject: Record<string, unknown>): boolean {
  const code = typeof subject.subjectCode === 'string' ? subject.subjectCode : '';
  return subject.subjectIdType === 'RESIDENT_ID' || isResidentIdShaped(code) || PERSON_TYPES.has(String(subject.subjectType));
}

/** The name a public page may show for a registered subject: an organisation's in full, a person's masked. */
export function publicNameOf(subject: Record<string, unknown>): string | null {
  const name = typeof subject.name === 'string' ? subject.name.trim() : '';
  if (name === '') return null;
  return isPerson(subject) ? maskPersonName(name) : name;
}
