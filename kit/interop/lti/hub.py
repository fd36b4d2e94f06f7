"""The LTI 1.3 launch into JupyterHub: jupyterhub-ltiauthenticator's LTI 1.3 login, with the
LMS course (the launch's context) naming the learner's cohort.

    from kit.interop.lti.hub import add_lti
    add_lti(c, issuer=..., client_id=..., authorize_url=..., jwks_endpoint=...)

`KitLTI13Authenticator` is ltiauthenticator's `LTI13Authenticator` (which checks the platform's
signed id_token, its nonce, state, audience and age) plus what the course needs:

- the hub user is the LMS user (`username_key`, by default the LTI `sub`, lower-cased);
- the launch's context names the cohort: the user joins the hub group `cohort-<label>`, and
  their server gets `KIT_COHORT`; instructors (LTI roles Instructor or Administrator) also join
  the trainers' group of the kit's exchange service;
- the server opens JupyterLab or the kit's app, as the trainer chose: the link's custom
  parameter `kit_interface=app|lab` (set in the LMS), else the hub's default;
- a trainer's server gets the course's AGS and NRPS addresses (`KIT_LTI_LINEITEMS`,
  `KIT_LTI_MEMBERSHIPS`) for `kit cohort lms init`.
"""

from __future__ import annotations

import re
from typing import Any

from ltiauthenticator.lti13.auth import LTI13Authenticator
from traitlets import Bool, CaselessStrEnum, Unicode

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
INSTRUCTOR_ROLES = ("#Instructor", "#Administrator", "/Instructor", "/Administrator")


def cohort_name(context: dict[str, Any]) -> str:
    """A hub group name for an LMS course: `cohort-` + its label (or id), as a slug."""
    raw = str(context.get("label") or context.get("id") or "course")
    slug = re.sub(r"[^a-z0-9]+", "-", raw.casefold()).strip("-") or "course"
    return f"cohort-{slug[:60]}"


def is_instructor(roles: list[str]) -> bool:
    return any(r.endswith(INSTRUCTOR_ROLES) for r in roles)


class KitLTI13Authenticator(LTI13Authenticator):
    """LTI 1.3 login where the LMS course names the cohort (see the module's docstring)."""

    username_key = Unicode(
        "sub",
        config=True,
        help="The id_token claim that becomes the hub user name (custom_NAME: a custom one).",
    )
    trainer_group = Unicode(
        "trainers", config=True, help="The hub group instructors join (the exchange's trainers)."
    )
    interface = CaselessStrEnum(
        ("lab", "app"), "lab", config=True, help="Open JupyterLab or the kit's app by default."
    )
    app_folder = Unicode(
        "leadership-course/modules",
        config=True,
        help="The course notebooks' folder, relative to each user's home, for the app.",
    )
    lab_folder = Unicode(
        "", config=True, help="Where JupyterLab opens (a path under /lab/tree/, or none)."
    )
    manage_cohort_groups = Bool(
        True, config=True, help="Put each user in their course's cohort group (and trainers')."
    )

    def get_username(self, token: dict[str, Any]) -> str:
        return str(super().get_username(token)).strip().lower()

    async def authenticate(self, handler: Any, data: dict[str, Any] | None = None) -> Any:
        model = await super().authenticate(handler, data)
        token = data or {}
        context = token.get(CLAIM + "context") or {}
        groups = [cohort_name(context)]
        if is_instructor(list(token.get(CLAIM + "roles") or [])):
            groups.append(self.trainer_group)
        if self.manage_cohort_groups:
            model["groups"] = groups
        return model

    async def pre_spawn_start(self, user: Any, spawner: Any) -> None:
        """Give the server its cohort and, for trainers, the course's LTI services."""
        state = await user.get_auth_state() or {}
        context = state.get(CLAIM + "context") or {}
        custom = state.get(CLAIM + "custom") or {}
        env = {
            "KIT_COHORT": cohort_name(context).removeprefix("cohort-"),
            "KIT_LTI_CONTEXT": str(context.get("id", "")),
            "KIT_LTI_COURSE": str(context.get("title") or context.get("label") or ""),
        }
        if is_instructor(list(state.get(CLAIM + "roles") or [])):
            env["KIT_LTI_LINEITEMS"] = str((state.get(AGS_CLAIM) or {}).get("lineitems", ""))
            env["KIT_LTI_MEMBERSHIPS"] = str(
                (state.get(NRPS_CLAIM) or {}).get("context_memberships_url", "")
            )
        spawner.environment = {**spawner.environment, **env}
        interface = str(custom.get("kit_interface", self.interface)).lower()
        if interface == "app":
            spawner.default_url = f"/voila/tree/{self.app_folder.strip('/')}"
        else:
            folder = self.lab_folder.strip("/")
            spawner.default_url = f"/lab/tree/{folder}" if folder else "/lab"


def add_lti(
    c: Any,
    *,
    issuer: str,
    client_id: str | list[str],
    authorize_url: str,
    jwks_endpoint: str,
    interface: str = "lab",
    app_folder: str | None = None,
) -> None:
    """Configure the hub config object `c` for LTI 1.3 launches from the LMS at `issuer`.

    `client_id` is the tool's client id in the LMS (or several), `authorize_url` the LMS's
    OIDC authorisation endpoint and `jwks_endpoint` its public keys. Auth state (which holds
    the launch's claims) is kept encrypted: the hub needs `JUPYTERHUB_CRYPT_KEY` set.
    """
    c.JupyterHub.authenticator_class = KitLTI13Authenticator
    c.KitLTI13Authenticator.issuer = issuer
    c.KitLTI13Authenticator.client_id = [client_id] if isinstance(client_id, str) else client_id
    c.KitLTI13Authenticator.authorize_url = authorize_url
    c.KitLTI13Authenticator.jwks_endpoint = jwks_endpoint
    c.KitLTI13Authenticator.interface = interface
    if app_folder is not None:
        c.KitLTI13Authenticator.app_folder = app_folder
    c.Authenticator.enable_auth_state = True
    c.Authenticator.manage_groups = True
    c.Authenticator.allow_all = True  # whoever the LMS launches; the LMS decides who enrols
