//! Who is asking: the extractors every staff handler takes. [`RequireStaff`]
//! exists only for a valid session and carries the member's [`Workspace`];
//! [`StaffForm`] and [`StaffUpload`] exist only for a form that carries the
//! session's form token, so no handler that changes anything can forget the
//! check.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Form, FromRequest, FromRequestParts, Multipart, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine as _;
use vigil_app::accounts::{self, Staff};
use vigil_app::workspace::Workspace;

use crate::error::ErrorNote;
use crate::{AppState, WebError, cookie};

pub(crate) const SESSION_COOKIE: &str = "vigil_session";

/// The client's address, for login throttling: the connecting address, or,
/// when that is a proxy given with `--trusted-proxy`, the nearest address in
/// `X-Forwarded-For` that is not one of the trusted proxies ("local" when
/// there is no connection, as in tests).
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(a)| a.ip());
        let Some(peer) = peer else {
            return Ok(ClientAddr("local".into()));
        };
        let trusted = &state.config.trusted_proxies;
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok());
        Ok(ClientAddr(client_ip(peer, trusted, forwarded).to_string()))
    }
}

/// Walk the forwarding chain from the nearest hop outwards while each hop is
/// a trusted proxy; the first hop that is not one is the client. An entry
/// that is not an address ends the walk at the last trusted hop.
pub(crate) fn client_ip<'a>(
    peer: IpAddr,
    trusted: &[IpAddr],
    forwarded_for: impl Iterator<Item = &'a str>,
) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    // A chain longer than this is cut at its nearest hops.
    const MAX_HOPS: usize = 32;
    let hops: Vec<&str> = forwarded_for.flat_map(|v| v.split(',')).collect();
    let mut client = peer;
    for hop in hops.iter().rev().take(MAX_HOPS) {
        let Some(ip) = parse_hop(hop) else { break };
        client = ip;
        if !trusted.contains(&ip) {
            break;
        }
    }
    client
}

/// `203.0.113.7`, `2001:db8::1`, or either with a port.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// A valid staff session, as the member's workspace, or a redirect to the login page.
pub struct RequireStaff(pub Workspace);

impl FromRequestParts<AppState> for RequireStaff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = cookie(parts, SESSION_COOKIE).unwrap_or("").to_owned();
        match accounts::session(&state.store, &token).await {
            Ok(Some(staff)) => Ok(RequireStaff(
                Workspace::new(state.store.clone(), staff).with_import_limits(state.config.import),
            )),
            Ok(None) => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/staff");
                Err(Redirect::to(&format!("/login?next={}", encode(next))).into_response())
            }
            Err(e) => Err(WebError::from(e).into_response()),
        }
    }
}

/// The refusal of a form whose token is missing or not this session's.
fn expired() -> Response {
    ErrorNote::response(StatusCode::FORBIDDEN, "form-expired", None)
}

fn token_ok(staff: &Staff, sent: Option<&str>) -> bool {
    accounts::same_token(sent.unwrap_or(""), &staff.csrf)
}

/// A submitted form (`application/x-www-form-urlencoded`) of a signed-in
/// member of staff, with this session's form token checked.
pub struct StaffForm {
    pub ws: Workspace,
    pub pairs: Vec<(String, String)>,
}

impl StaffForm {
    /// The first value sent for `key`, or "".
    pub fn get(&self, key: &str) -> &str {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// The value for `key`, trimmed, if it is not empty.
    pub fn text(&self, key: &str) -> Option<String> {
        Some(self.get(key).trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// The form as a map (the last value of each key).
    pub fn map(&self) -> HashMap<String, String> {
        self.pairs.iter().cloned().collect()
    }
}

impl FromRequest<AppState> for StaffForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let RequireStaff(ws) = RequireStaff::from_request_parts(&mut parts, state).await?;
        let Form(pairs) =
            Form::<Vec<(String, String)>>::from_request(Request::from_parts(parts, body), state)
                .await
                .map_err(IntoResponse::into_response)?;
        let form = StaffForm { ws, pairs };
        if !token_ok(form.ws.staff(), Some(form.get("csrf"))) {
            return Err(expired());
        }
        Ok(form)
    }
}

/// A `multipart/form-data` form as read: its text fields (each cut to 400
/// characters) and its `file` field with the name the browser gave.
pub(crate) struct Upload {
    pub fields: HashMap<String, String>,
    pub file: Option<(Vec<u8>, Option<String>)>,
}

/// An upload of a signed-in member of staff. A body cut short (too large,
/// broken off) is `Broken` and holds nothing to write; a complete one has
/// had its form token checked.
pub(crate) enum StaffUpload {
    Complete(Workspace, Upload),
    Broken(Workspace),
}

impl FromRequest<AppState> for StaffUpload {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let RequireStaff(ws) = RequireStaff::from_request_parts(&mut parts, state).await?;
        let Ok(mut multipart) =
            Multipart::from_request(Request::from_parts(parts, body), state).await
        else {
            return Ok(StaffUpload::Broken(ws));
        };
        let Some(up) = read_upload(&mut multipart).await else {
            return Ok(StaffUpload::Broken(ws));
        };
        if !token_ok(ws.staff(), up.fields.get("csrf").map(String::as_str)) {
            return Err(expired());
        }
        Ok(StaffUpload::Complete(ws, up))
    }
}

async fn read_upload(multipart: &mut Multipart) -> Option<Upload> {
    let mut up = Upload {
        fields: HashMap::new(),
        file: None,
    };
    while let Some(field) = multipart.next_field().await.ok()? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.ok()?;
        if name == "file" {
            up.file = Some((bytes.to_vec(), file_name));
        } else {
            let text = String::from_utf8_lossy(&bytes).chars().take(400).collect();
            up.fields.insert(name, text);
        }
    }
    Some(up)
}

pub(crate) fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub(crate) fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

pub(crate) fn set_cookie(res: &mut Response, value: String) {
    if let Ok(v) = HeaderValue::from_str(&value) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_client_is_the_nearest_untrusted_hop() {
        let proxy = ip("10.0.0.2");
        let trusted = [proxy, ip("10.0.0.3")];
        let client = |peer: IpAddr, xff: &[&str]| client_ip(peer, &trusted, xff.iter().copied());
        // Not from a trusted proxy: the header means nothing.
        assert_eq!(
            client(ip("198.51.100.7"), &["203.0.113.5"]),
            ip("198.51.100.7")
        );
        // From one: the hop it added, whatever the client wrote before it.
        assert_eq!(client(proxy, &["1.1.1.1, 203.0.113.5"]), ip("203.0.113.5"));
        // Through two trusted proxies, headers split over two lines, a port.
        assert_eq!(
            client(proxy, &["203.0.113.5:5555", " 10.0.0.3"]),
            ip("203.0.113.5")
        );
        assert_eq!(client(proxy, &["2001:db8::1"]), ip("2001:db8::1"));
        // Nothing usable: the proxy's own view stops the walk.
        assert_eq!(client(proxy, &[]), proxy);
        assert_eq!(client(proxy, &["not an address"]), proxy);
        assert_eq!(
            client(proxy, &["203.0.113.5, garbage, 10.0.0.3"]),
            ip("10.0.0.3")
        );
    }
}
