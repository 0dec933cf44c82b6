import { Box } from '@mantine/core';
import classes from './RichText.module.css';

/**
 * HTML that the server rendered from markdown and sanitised (the `*Html` fields). Never pass
 * anything else: this is the one place that inserts HTML.
 */
export function RichText({ html, label }: { html: string; label?: string }) {
  return (
    <Box
      className={classes.root}
      aria-label={label}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered markdown, sanitised by the server
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
