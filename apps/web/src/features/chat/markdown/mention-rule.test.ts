import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown';

const html = (body: string, viewer?: { self: string; everyone: boolean }) => renderMarkdown(body, viewer).trim();

describe('mention pills', () => {
  it('marks up @username as a pill, in any script', () => {
    expect(html('hi @alice and @张伟')).toBe('<p>hi <span class="mention">@alice</span> and <span class="mention">@张伟</span></p>');
  });

  it('leaves e-mail addresses, code and a lone @ alone', () => {
    expect(html('bob@example.com')).toBe('<p><a href="mailto:bob@example.com" target="_blank" rel="noopener noreferrer">bob@example.com</a></p>');
    expect(html('`@alice` @ a')).toBe('<p><code>@alice</code> @ a</p>');
  });

  it('ends the name before a full stop that ends the sentence', () => {
    expect(html('thanks @bob.')).toBe('<p>thanks <span class="mention">@bob</span>.</p>');
  });

  it('highlights the reader’s own name, case-insensitively', () => {
    expect(html('@Alice @bob', { self: 'alice', everyone: false })).toBe(
      '<p><span class="mention mention-me">@Alice</span> <span class="mention">@bob</span></p>',
    );
  });

  it('highlights @here and @all only when the message notifies everyone', () => {
    expect(html('@here', { self: 'alice', everyone: true })).toBe('<p><span class="mention mention-me">@here</span></p>');
    expect(html('@all', { self: 'alice', everyone: false })).toBe('<p><span class="mention">@all</span></p>');
  });

  it('keeps markup in a name as text', () => {
    expect(html('@ab<b>')).toBe('<p><span class="mention">@ab</span>&lt;b&gt;</p>');
  });
});
