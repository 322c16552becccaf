/** A role's permissions for `actions`, as the admin's Auth provider holds them. */
export const grant =
  (...actions: string[]) =>
  () =>
    actions.map((action, index) => ({
      id: index + 1,
      action,
      subject: null,
      properties: {},
      conditions: [],
      actionParameters: {},
    }));
