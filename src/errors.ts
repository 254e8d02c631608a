/**
 * An error whose message is written for the person who used the command. The router
 * shows it as an ephemeral reply; anything else is logged and gets a generic reply.
 */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
}
