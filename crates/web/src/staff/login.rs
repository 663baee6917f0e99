//! Signing in and out: the login form with its own token, throttled
//! attempts, and ending one session or all of a user's.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use vigil_app::accounts::{self, LoginError, Password};

use super::session::{ClientAddr, SESSION_COOKIE, StaffForm, random_token, set_cookie};
use crate::{AppState, Chrome, WebError};

const LOGIN_COOKIE: &str = "vigil_login";

/// Only addresses inside the staff workspace are followed after login.
fn safe_next(next: &str) -> &str {
    if next.starts_with("/staff") && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/staff"
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    csrf: String,
    next: String,
    error: Option<String>,
}

fn login_page_response(
    c: Chrome,
    next: &str,
    error: Option<String>,
    status: StatusCode,
    secure: bool,
) -> Response {
    let csrf = random_token();
    let page = LoginPage {
        c,
        csrf: csrf.clone(),
        next: next.to_owned(),
        error,
    };
    match page.render() {
        Ok(html) => {
            let mut res =
                (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response();
            let secure = if secure { "; Secure" } else { "" };
            set_cookie(
                &mut res,
                format!("{LOGIN_COOKIE}={csrf}; Path=/login; HttpOnly; SameSite=Strict{secure}"),
            );
            res
        }
        Err(e) => WebError::from(e).into_response(),
    }
}

#[derive(serde::Deserialize)]
pub(crate) struct NextQuery {
    #[serde(default)]
    next: String,
}

pub(crate) async fn login_page(
    State(state): State<AppState>,
    c: Chrome,
    Query(q): Query<NextQuery>,
) -> Response {
    login_page_response(
        c,
        safe_next(&q.next),
        None,
        StatusCode::OK,
        state.config.secure_cookies,
    )
}

pub(crate) async fn login_submit(
    State(state): State<AppState>,
    c: Chrome,
    ClientAddr(client): ClientAddr,
    parts: axum::http::HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let next = safe_next(get("next")).to_owned();
    let secure = state.config.secure_cookies;
    let cookie_csrf = crate::cookie_in(&parts, LOGIN_COOKIE)
        .unwrap_or_default()
        .to_owned();
    if cookie_csrf.is_empty() || !accounts::same_token(&cookie_csrf, get("csrf")) {
        return login_page_response(
            c.clone(),
            &next,
            Some(c.i18n.t("form-expired")),
            StatusCode::FORBIDDEN,
            secure,
        );
    }
    let totp = Some(get("totp")).filter(|s| !s.is_empty());
    match accounts::login(
        &state.store,
        state.config.login,
        get("username"),
        &Password::new(get("password")),
        totp,
        &client,
    )
    .await
    {
        Ok((_, token)) => {
            let mut res = Redirect::to(&next).into_response();
            let secure = if secure { "; Secure" } else { "" };
            set_cookie(
                &mut res,
                format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"),
            );
            set_cookie(
                &mut res,
                format!(
                    "{LOGIN_COOKIE}=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict{secure}"
                ),
            );
            res
        }
        Err(LoginError::App(e)) => WebError::from(e).into_response(),
        Err(e) => {
            let status = match e {
                LoginError::Throttled => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNAUTHORIZED,
            };
            let message = match e {
                LoginError::Wrong => c.i18n.t("login-wrong"),
                LoginError::Throttled => c.i18n.t("login-throttled"),
                LoginError::TotpNeeded => c.i18n.t("login-totp-needed"),
                LoginError::TotpRequired => c.i18n.t("login-totp-required"),
                LoginError::Disabled => c.i18n.t("login-disabled"),
                LoginError::App(_) => unreachable!("handled above"),
            };
            login_page_response(c, &next, Some(message), status, secure)
        }
    }
}

fn clear_session(res: &mut Response, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    set_cookie(
        res,
        format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{secure}"),
    );
}

/// `POST /logout`: end this session.
pub(crate) async fn logout(State(state): State<AppState>, form: StaffForm) -> Response {
    end_sessions(&state, form, false).await
}

/// `POST /logout-everywhere`: end every session of this user.
pub(crate) async fn logout_everywhere(State(state): State<AppState>, form: StaffForm) -> Response {
    end_sessions(&state, form, true).await
}

async fn end_sessions(state: &AppState, form: StaffForm, everywhere: bool) -> Response {
    if let Err(e) = form.ws.sign_out(everywhere).await {
        return WebError::from(e).into_response();
    }
    let mut res = Redirect::to("/").into_response();
    clear_session(&mut res, state.config.secure_cookies);
    res
}
