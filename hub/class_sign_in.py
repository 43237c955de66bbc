"""The hub's own accounts (NativeAuthenticator), closed to what a student could do to the class.

NativeAuthenticator has no setting for any of these, so this subclass adds them:

- The teacher's account exists before the hub opens (`python hub/set_up.py` makes it):
  the hub refuses to start without an approved account for each admin, so nobody can
  take the admin name by signing up first.
- Approving, revoking and discarding an account are POSTs with the hub's XSRF token
  (NativeAuthenticator makes them plain links, GET, which a page of another site could
  follow with the teacher's cookies).
- Five wrong passwords lock a student's name for a while, as in NativeAuthenticator, but
  never the teacher's (anyone could type them, all lesson long); the teacher's password,
  set by `set_up.py`, is long enough that guessing it is hopeless.
- At most `pending_limit` accounts wait for approval: beyond that, sign-up is closed until
  the teacher approves or discards some.
"""

from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.handlers import DiscardHandler, SignUpHandler, ToggleAuthorizationHandler
from tornado import web
from traitlets import Integer

# The teacher's password: long, so that nobody guesses it although the teacher is never locked out.
TEACHER_PASSWORD_LENGTH = 16


class ClassAuthenticator(NativeAuthenticator):
    pending_limit = Integer(
        40, config=True, help="How many accounts may wait for approval at once; sign-up is closed beyond that."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        missing = sorted(name for name in self.admin_users if not self.approved(name))
        if missing:
            raise SystemExit(
                f"The hub has no approved account for {', '.join(missing)} (Authenticator.admin_users), so anyone could "
                "sign up under that name and become its admin. Make the teacher's account first, as root, from the "
                "kit's folder: python hub/set_up.py (guide/hub.md), then start the hub again."
            )

    def approved(self, name):
        user = self.get_user(name)
        return user is not None and user.is_authorized

    def sign_up_full(self):
        return self.get_unauthed_amount() >= self.pending_limit

    def create_user(self, username, password, **kwargs):
        if self.sign_up_full() or self.normalize_username(username) in self.admin_users:
            return None
        return super().create_user(username, password, **kwargs)

    def is_blocked(self, username):
        return username not in self.admin_users and super().is_blocked(username)

    def get_handlers(self, app):
        replaced = {SignUpHandler: ClassSignUpHandler, ToggleAuthorizationHandler: ToggleByPost, DiscardHandler: DiscardByPost}
        return [(pattern, replaced.get(handler, handler)) for pattern, handler in super().get_handlers(app)]


class ClassSignUpHandler(SignUpHandler):
    async def post(self):
        if not self.authenticator.sign_up_full():
            return await super().post()
        html = await self.render_template(
            "signup.html",
            result_message="Sign-up is closed for now: many accounts are waiting for approval. Ask your teacher.",
            alert="alert-danger",
            ask_email=False,
            two_factor_auth=False,
            recaptcha_key="",
            tos="",
        )
        self.set_status(429)
        self.finish(html)


class ToggleByPost(ToggleAuthorizationHandler):
    """Approve or revoke by POST only (the hub checks the XSRF token of every POST)."""

    async def get(self, slug):
        raise web.HTTPError(405)

    async def post(self, slug):
        await super().get(slug)


class DiscardByPost(DiscardHandler):
    async def get(self, user_name):
        raise web.HTTPError(405)

    async def post(self, user_name):
        await super().get(user_name)
