/**
 * How instance ids are made: an edit of the scenario `<base>` is shown as `<base>~e<k>`, so every
 * version of one scenario shares its base id, and runs on earlier versions can be told apart
 * from runs on other scenarios.
 */
const EDIT_SUFFIX = /~e\d+$/;

export function baseId(id: string): string {
  return id.replace(EDIT_SUFFIX, '');
}

export function isEditedId(id: string): boolean {
  return EDIT_SUFFIX.test(id);
}

export function editedId(base: string, k: number): string {
  return `${base}~e${k}`;
}

/** Two ids name versions of one scenario. */
export function sameScenario(a: string, b: string): boolean {
  return baseId(a) === baseId(b);
}
