/**
 * The confirmation of an action, carried to the page the user lands on (the created or changed record): the
 * next page the app shows puts it above itself, once.
 */
let pending = null;

export function showAfterNavigation(node) {
  pending = node;
}

/** The confirmation waiting for the page being shown, if any (it is shown once). */
export function takeConfirmation() {
  const node = pending;
  pending = null;
  return node;
}
