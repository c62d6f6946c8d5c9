// Workshop modes (issue 11): one scenario driven by hand in a terminal. See docs/workshop.md.
export { stepMode } from './step-mode.ts';
export { exerciseMode } from './exercise-mode.ts';
