import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Field } from './field';

describe('Field', () => {
  it('labels its control, so it is found by its label', () => {
    render(<Field label="Email">{(control) => <input type="email" {...control} />}</Field>);
    const input = screen.getByLabelText('Email');
    expect(input).toHaveAttribute('type', 'email');
    expect(input).not.toHaveAttribute('aria-invalid');
    expect(input).not.toHaveAttribute('aria-describedby');
  });

  it('keeps an id it is given', () => {
    render(
      <Field label="Title" id="task-title">
        {(control) => <textarea {...control} />}
      </Field>,
    );
    expect(screen.getByLabelText('Title')).toHaveAttribute('id', 'task-title');
  });

  it('reads the hint with the control', () => {
    render(
      <Field label="Key" hint="From your admin.">
        {(control) => <input {...control} />}
      </Field>,
    );
    expect(screen.getByLabelText('Key')).toHaveAccessibleDescription('From your admin.');
  });

  it('marks the control invalid and reads the error with it (after the hint)', () => {
    render(
      <Field label="Key" hint="From your admin." error="Enter the access key.">
        {(control) => <input {...control} />}
      </Field>,
    );
    const input = screen.getByLabelText('Key');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('From your admin. Enter the access key.');
    expect(screen.getByText('Enter the access key.')).toBeVisible();
  });

  it('treats an empty error as none', () => {
    render(
      <Field label="Key" error="">
        {(control) => <input {...control} />}
      </Field>,
    );
    expect(screen.getByLabelText('Key')).not.toHaveAttribute('aria-invalid');
  });

  it('can hide its label from sight, not from screen readers', () => {
    render(
      <Field label="Search" hideLabel>
        {(control) => <input type="search" {...control} />}
      </Field>,
    );
    expect(screen.getByRole('searchbox', { name: 'Search' })).toBeInTheDocument();
    expect(screen.getByText('Search')).toHaveClass('visually-hidden');
  });
});
