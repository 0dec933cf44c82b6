import { Avatar, type MantineSize } from '@mantine/core';

/** A community's avatar image, or its initials on a coloured disc. */
export function CommunityAvatar({
  name,
  fileId,
  size = 'lg',
}: {
  name: string;
  fileId: string | null;
  size?: MantineSize | number;
}) {
  return (
    <Avatar
      src={fileId ? `/api/files/${fileId}` : null}
      name={name}
      color="initials"
      size={size}
      radius="md"
      alt=""
    />
  );
}
