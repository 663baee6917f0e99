//! Staff accounts on the web, for administrators: the list with each
//! account's role, two-factor status and open sessions; adding an account;
//! and on an account's page, changing its role, resetting its password,
//! enrolling two-factor authentication and signing it out everywhere.
//! Every change is the app's (`Admin`), audited as the administrator.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use vigil_app::AppError;
use vigil_app::accounts::{Password, Staff};
use vigil_app::workspace::{Account, Workspace};
use vigil_domain::records::Role;

use super::{RequireStaff, StaffForm, staff_page};
use crate::{Chrome, WebError};

/// An account as a row or a page shows it.
struct AccountView {
    username: String,
    role: String,
    two_factor: bool,
    sessions: i64,
    last_seen: String,
    disabled: bool,
}

fn view(c: &Chrome, s: &Staff, a: &Account) -> AccountView {
    AccountView {
        username: a.user.username.clone(),
        role: c.i18n.label("role", a.user.role, a.user.role.label()),
        two_factor: a.two_factor,
        sessions: a.sessions,
        last_seen: a
            .last_seen
            .as_deref()
            .map(|t| crate::staff::when(s, t))
            .unwrap_or_default(),
        disabled: a.user.disabled,
    }
}

fn roles(c: &Chrome, chosen: Option<Role>) -> Vec<(&'static str, String, bool)> {
    Role::ALL
        .iter()
        .map(|r| {
            (
                r.label(),
                c.i18n.label("role", *r, r.label()),
                Some(*r) == chosen,
            )
        })
        .collect()
}

fn parse_role(s: &str) -> Result<Role, AppError> {
    Role::parse(s).ok_or_else(|| AppError::invalid_field("role", "choose a role"))
}

#[derive(Template)]
#[template(path = "staff_users.html")]
struct UsersPage {
    c: Chrome,
    s: Staff,
    accounts: Vec<AccountView>,
    roles: Vec<(&'static str, String, bool)>,
    error: Option<String>,
    username: String,
}

async fn users_page(
    ws: &Workspace,
    c: Chrome,
    error: Option<String>,
    username: String,
) -> Result<Response, WebError> {
    let accounts = ws.admin()?.accounts().await?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = UsersPage {
        accounts: accounts.iter().map(|a| view(&c, ws.staff(), a)).collect(),
        roles: roles(&c, Some(Role::Viewer)),
        error,
        username,
        s: ws.staff().clone(),
        c,
    };
    Ok((status, staff_page(page.render()?)).into_response())
}

/// `GET /staff/users`
pub(crate) async fn users(c: Chrome, RequireStaff(ws): RequireStaff) -> Result<Response, WebError> {
    users_page(&ws, c, None, String::new()).await
}

/// `POST /staff/users`: add an account.
pub(crate) async fn add_user(c: Chrome, form: StaffForm) -> Result<Response, WebError> {
    let admin = form.ws.admin()?;
    let username = form.get("username").trim().to_owned();
    let added = match parse_role(form.get("role")) {
        Ok(role) => {
            admin
                .add(&username, role, &Password::new(form.get("password")))
                .await
        }
        Err(e) => Err(e),
    };
    match added {
        Ok(u) => Ok(Redirect::to(&format!("/staff/users/{}", u.username)).into_response()),
        Err(AppError::Invalid(e)) => users_page(&form.ws, c, Some(e.to_string()), username).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "staff_user.html")]
struct UserPage {
    c: Chrome,
    s: Staff,
    a: AccountView,
    roles: Vec<(&'static str, String, bool)>,
    /// What the last action did, or why it could not.
    notice: Option<String>,
    error: Option<String>,
    /// A new two-factor enrolment address, shown once.
    enrolment: Option<String>,
    zone: String,
}

struct Said {
    notice: Option<String>,
    error: Option<String>,
    enrolment: Option<String>,
}

async fn user_page(
    ws: &Workspace,
    c: Chrome,
    username: &str,
    said: Said,
) -> Result<Response, WebError> {
    let account = ws.admin()?.account(username).await?;
    let status = if said.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = UserPage {
        a: view(&c, ws.staff(), &account),
        zone: account.user.time_zone.clone().unwrap_or_default(),
        roles: roles(&c, Some(account.user.role)),
        notice: said.notice,
        error: said.error,
        enrolment: said.enrolment,
        s: ws.staff().clone(),
        c,
    };
    Ok((status, staff_page(page.render()?)).into_response())
}

/// `GET /staff/users/{username}`
pub(crate) async fn user(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Path(username): Path<String>,
) -> Result<Response, WebError> {
    let said = Said {
        notice: None,
        error: None,
        enrolment: None,
    };
    user_page(&ws, c, &username, said).await
}

/// `POST /staff/users/{username}/{action}`: role, password, two-factor, sign-out.
pub(crate) async fn change(
    c: Chrome,
    Path((username, action)): Path<(String, String)>,
    form: StaffForm,
) -> Result<Response, WebError> {
    let admin = form.ws.admin()?;
    // The account in the address first: an unknown one is not found.
    admin.account(&username).await?;
    let mut said = Said {
        notice: None,
        error: None,
        enrolment: None,
    };
    let done: Result<(), AppError> = match action.as_str() {
        "role" => match parse_role(form.get("role")) {
            Ok(role) => admin.set_role(&username, role).await.map(|_| ()),
            Err(e) => Err(e),
        },
        "password" => admin
            .reset_password(&username, &Password::new(form.get("password")))
            .await
            .map(|_| ()),
        "two-factor" => admin.enrol_two_factor(&username).await.map(|url| {
            said.enrolment = Some(url);
        }),
        "sign-out" => admin.sign_out_everywhere(&username).await.map(|_| ()),
        "time-zone" => admin
            .set_time_zone(&username, Some(form.get("time_zone")))
            .await
            .map(|_| ()),
        _ => return Err(AppError::not_found("action").into()),
    };
    match done {
        Ok(()) => said.notice = Some(c.i18n.t(&format!("user-done-{action}"))),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => said.error = Some(e.to_string()),
        Err(e) => return Err(e.into()),
    }
    user_page(&form.ws, c, &username, said).await
}
