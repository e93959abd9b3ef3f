/*
 * The client's shared UI primitives: one look (styles/tokens.css read by
 * each primitive's CSS module) and one accessible wiring for what every
 * feature needs, instead of a prefixed copy per feature stylesheet.
 *
 * - Button: primary, secondary, danger, link; sm/md; type="button" by default.
 * - Field: label + control + hint + error, wired by id/aria for you.
 * - Form: react-hook-form + a zod schema + a form-level role=alert error.
 * - Card: the bordered box on the surface colour.
 * - Dialog: an accessible confirm dialog (Escape, focus kept and restored).
 * - Badge: a small pill in a few tones.
 *
 * Form pulls in react-hook-form: a page held to a size budget (the sidebar)
 * imports it from './form' inside a lazily loaded view, not at first load.
 */
export { Badge, type BadgeProps, type BadgeTone } from './badge';
export { Button, type ButtonProps, type ButtonSize, type ButtonVariant } from './button';
export { Card, type CardProps } from './card';
export { Dialog, type DialogProps } from './dialog';
export { Field, type FieldControlProps, type FieldProps } from './field';
export { Form, type FormProps } from './form';
export { zodResolver } from './zod-resolver';
