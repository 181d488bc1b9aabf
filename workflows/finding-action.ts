export interface FindingActionInput {
  actionId: string;
}

export const findingActionWorkflowId = (actionId: string) => `finding-action:${actionId}`;

/** One action from raised to done: its owner reminded before the due date, officers then the lead member told when overdue. */
export async function findingAction(input: FindingActionInput): Promise<void> {
  void input;
}
