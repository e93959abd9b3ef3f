import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Badge } from './badge';
import { Card } from './card';

describe('Card', () => {
  it('renders the element asked for, with its props', () => {
    render(
      <Card as="section" aria-label="Gateway" className="extra">
        <h2>Gateway</h2>
      </Card>,
    );
    const card = screen.getByRole('region', { name: 'Gateway' });
    expect(card.tagName).toBe('SECTION');
    expect(card).toHaveClass('extra');
  });

  it('is a div unless told otherwise', () => {
    render(<Card data-testid="card">Text</Card>);
    expect(screen.getByTestId('card').tagName).toBe('DIV');
  });
});

describe('Badge', () => {
  it('is plain text in its sentence', () => {
    render(
      <p>
        Mode <Badge tone="demo">demo</Badge>
      </p>,
    );
    expect(screen.getByText('demo').tagName).toBe('SPAN');
    expect(screen.getByText(/Mode/)).toHaveTextContent('Mode demo');
  });
});
