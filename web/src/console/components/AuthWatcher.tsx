/** When any request finds the session gone (401), forget cached data and go to the sign-in page. */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { authEvents } from '../../api/client';

export function AuthWatcher() {
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  useEffect(() => {
    const onLost = () => {
      if (location.pathname === '/sign-in') return;
      qc.clear();
      navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    };
    authEvents.addEventListener('unauthenticated', onLost);
    return () => authEvents.removeEventListener('unauthenticated', onLost);
  }, [navigate, location, qc]);
  return null;
}
