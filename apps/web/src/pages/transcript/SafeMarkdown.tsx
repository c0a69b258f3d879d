import { Anchor, Typography } from '@mantine/core';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import classes from './transcript.module.css';

// Text from a language model or a file is shown, never run: react-markdown turns raw HTML into
// plain text (no rehype-raw here) and drops unsafe link targets. Images are not fetched (they
// could track the reader); their description is shown instead. Headings start below the page's
// own (h1 is the file name, h2 the section).
const components: Components = {
  a: ({ href, children }) => (
    <Anchor href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </Anchor>
  ),
  img: ({ alt }) => <>{alt}</>,
  h1: 'h3',
  h2: 'h4',
  h3: 'h5',
  h4: 'h6',
  h5: 'h6',
};

/** Markdown written by a model (summaries, chat answers), rendered safely. */
export function SafeMarkdown({ children }: { children: string }) {
  return (
    <Typography className={classes.markdown}>
      <Markdown remarkPlugins={[remarkGfm]} components={components}>
        {children}
      </Markdown>
    </Typography>
  );
}
