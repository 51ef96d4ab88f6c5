// The page header's session line: who is signed in, their role, and the analysis run the pages show.
import { getSession } from './api.js';
import { el, replace, $ } from './dom.js';

export async function showSession() {
  const slot = $('#session');
  try {
    const session = await getSession();
    replace(slot,
      el('span', { className: 'run', title: session.storeLocation ?? '' }, 'Run ', el('code', {}, session.runId ?? '–')),
      el('span', { className: 'user' }, session.user ?? '?',
        el('span', { className: `role role-${session.role === 'supervisor' ? 'supervisor' : 'analyst'}` }, session.role ?? '')));
    return session;
  } catch (error) {
    replace(slot, el('span', { className: 'error-text' }, 'No session: ' + error.message));
    throw error;
  }
}
