/** The editor's session: a bearer token kept for this browser tab only (sessionStorage), never in a cookie. */
import { computed, ref } from 'vue';

export interface EditorUser {
  username: string;
  role: 'editor' | 'admin';
}

interface StoredSession {
  token: string;
  user: EditorUser;
  expiresAt: string;
}

const KEY = 'scr-editor-session';

function load(): StoredSession | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as StoredSession | null;
    return session && Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

const current = ref<StoredSession | null>(load());

export const editorUser = computed(() => current.value?.user ?? null);

export function sessionToken(): string | null {
  if (current.value && Date.parse(current.value.expiresAt) <= Date.now()) signOut();
  return current.value?.token ?? null;
}

export function startSession(session: StoredSession): void {
  current.value = session;
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function signOut(): void {
  current.value = null;
  sessionStorage.removeItem(KEY);
}
