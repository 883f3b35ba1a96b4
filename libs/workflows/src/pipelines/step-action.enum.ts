/** What a step history entry records: the step itself, or its undo. */
export enum StepAction {
  RUN = 'RUN',
  COMPENSATE = 'COMPENSATE',
}
