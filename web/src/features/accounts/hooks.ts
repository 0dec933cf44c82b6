import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as accounts from './api';
import type { Session, User } from './types';

export const accountKeys = {
  setup: ['setup'] as const,
  me: ['me'] as const,
  sessions: ['me', 'sessions'] as const,
};

export function useSetupStatus() {
  return useQuery({ queryKey: accountKeys.setup, queryFn: accounts.fetchSetupStatus, staleTime: Infinity });
}

export function useMe() {
  return useQuery<User | null>({ queryKey: accountKeys.me, queryFn: accounts.fetchMe, staleTime: 60_000 });
}

export function useSessions(enabled = true) {
  return useQuery<Session[]>({ queryKey: accountKeys.sessions, queryFn: accounts.fetchSessions, enabled });
}

/** After any call that signs someone in: remember who, and drop what belonged to the last person. */
function useSignedIn() {
  const queryClient = useQueryClient();
  return (user: User) => {
    queryClient.removeQueries({ queryKey: accountKeys.sessions });
    queryClient.setQueryData(accountKeys.me, user);
  };
}

function useSignedOut() {
  const queryClient = useQueryClient();
  return () => {
    queryClient.setQueryData(accountKeys.me, null);
    // Removing the `me` query itself would strand the components watching it.
    queryClient.removeQueries({
      predicate: (query) => query.queryKey[0] !== 'setup' && query.queryKey.join() !== accountKeys.me.join(),
    });
  };
}

export function useSetupOperator() {
  const queryClient = useQueryClient();
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: accounts.setupOperator,
    onSuccess: (user) => {
      queryClient.setQueryData(accountKeys.setup, { needed: false });
      signedIn(user);
    },
  });
}

export function useRegister() {
  const signedIn = useSignedIn();
  return useMutation({ mutationFn: accounts.register, onSuccess: signedIn });
}

export function useLogin() {
  const signedIn = useSignedIn();
  return useMutation({ mutationFn: accounts.login, onSuccess: signedIn });
}

export function useLogout() {
  const signedOut = useSignedOut();
  // Even if the server call fails, this device forgets the user.
  return useMutation({ mutationFn: accounts.logout, onSettled: signedOut });
}

export function useLogoutEverywhere() {
  const signedOut = useSignedOut();
  return useMutation({ mutationFn: accounts.logoutEverywhere, onSuccess: signedOut });
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: accounts.updateProfile,
    onSuccess: (user) => queryClient.setQueryData(accountKeys.me, user),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: accounts.changePassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: accounts.revokeSession,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: accounts.requestPasswordReset });
}

export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: ({ token, password }: { token: string; password: string }) =>
      accounts.confirmPasswordReset(token, password),
  });
}

export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: accounts.verifyEmail,
    onSuccess: (user) => {
      // Only update the cache when the verified account is the one signed in here.
      const me = queryClient.getQueryData<User | null>(accountKeys.me);
      if (me && me.id === user.id) queryClient.setQueryData(accountKeys.me, user);
    },
  });
}

export function useResendVerification() {
  return useMutation({ mutationFn: accounts.resendVerification });
}
