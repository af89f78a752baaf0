/** Sign in over HTTP as a demo account: the session cookie(s) and the CSRF token. */
export async function signIn(base: string, login: string, password: string) {
  const res = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${login}: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('wangge_csrf='))!.split('=')[1];
  return { cookie: cookies.join('; '), csrf };
}
