// The page header's session line (who is signed in, their role, the analysis run shown) and, when the explorer
// has configured users, the login form. Pages wait for requireSession() before asking the API for data.
import { getSession, login, logout } from './api.js';
import { el, replace, $ } from './dom.js';

let loginDialog = null;

function showLogin(message) {
  if (!loginDialog) {
    const error = el('p', { className: 'error-text', attrs: { role: 'alert' } });
    const user = el('input', { type: 'text', name: 'user', id: 'login-user', autocomplete: 'username', required: true });
    const password = el('input', { type: 'password', name: 'password', id: 'login-password', autocomplete: 'current-password', required: true });
    const form = el('form', { className: 'login-form', on: { submit: async event => {
      event.preventDefault();
      replace(error);
      try {
        await login(user.value.trim(), password.value);
        location.reload();
      } catch (e) {
        replace(error, e.status === 401 ? 'Unknown user or wrong password.' : 'Login failed: ' + e.message);
        password.value = '';
        password.focus();
      }
    } } },
    el('h2', {}, 'Log in to the SIU explorer'),
    el('p', {}, 'Ring data is personal data: every unmask and export is audited under your name.'),
    el('label', { htmlFor: 'login-user' }, 'User'), user,
    el('label', { htmlFor: 'login-password' }, 'Password'), password,
    error,
    el('div', { className: 'dialog-actions' }, el('button', { type: 'submit', className: 'btn' }, 'Log in')));
    loginDialog = el('dialog', { id: 'login-dialog', on: { cancel: event => event.preventDefault() } }, form);
    document.body.append(loginDialog);
  }
  if (message) replace(loginDialog.querySelector('.error-text'), message);
  if (!loginDialog.open) loginDialog.showModal();
  loginDialog.querySelector('#login-user').focus();
}

addEventListener('fraudgraph:login-required', () => showLogin('Your login has ended; log in again.'));

/**
 * Shows who is signed in and resolves with the session; when a login is needed it shows the login form and never
 * resolves (the page reloads after a successful login).
 */
export async function requireSession() {
  const slot = $('#session');
  let session;
  try {
    session = await getSession();
  } catch (error) {
    replace(slot, el('span', { className: 'error-text' }, 'The explorer does not answer: ' + error.message));
    throw error;
  }
  if (session.loginRequired || !session.user) {
    replace(slot, el('span', {}, 'Not logged in'));
    showLogin();
    return new Promise(() => {});
  }
  replace(slot,
    el('span', { className: 'run', title: session.storeLocation ?? '' }, 'Run ', el('code', {}, session.runId ?? 'none yet')),
    el('span', { className: 'user' }, session.user,
      el('span', { className: `role role-${session.role === 'supervisor' ? 'supervisor' : 'analyst'}` }, session.role ?? '')),
    // The built-in loopback user "local" has no login to end.
    session.user !== 'local'
      ? el('button', { type: 'button', className: 'btn btn-header', on: { click: async () => { await logout(); location.reload(); } } }, 'Log out')
      : null);
  return session;
}
