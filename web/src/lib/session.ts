/**
 * The signed-in session as both apps (console and phone) start from it: who is signed in, their
 * own village selected, and where to send them when there is no session.
 */
import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { useMe } from '../api/auth';
import { ApiError } from '../api/client';
import { useVillage } from './village';

export function useSession() {
  const me = useMe();
  const location = useLocation();
  const { village, setVillage } = useVillage();
  // Staff and villagers work in their own village.
  const own = me.data?.village?.code;
  useEffect(() => {
    if (own && own !== village) setVillage(own);
  }, [own, village, setVillage]);
  const signIn =
    me.error instanceof ApiError && me.error.status === 401
      ? `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`
      : null;
  return { me, signIn };
}
