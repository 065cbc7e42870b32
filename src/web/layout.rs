//! The frame of every page: head, header, footer; and the small components pages
//! share. Plain HTML that reads well without CSS and works without JavaScript.

use std::sync::{Arc, LazyLock};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::assets::AssetTable;
use super::flow::Flow;
use crate::assets;
use crate::i18n::Tr;
use crate::lang::Lang;
use crate::rules::{Contact, Rules};

/// What every page needs besides its own content.
pub struct Chrome<'a> {
    pub tr: Tr<'a>,
    pub rules: &'a Rules,
    pub assets: &'a AssetTable,
    pub flow: &'a Flow,
    /// This page's path, for the language switch and the display options.
    pub path: &'a str,
    /// A kiosk: huge targets, no link leaving the site, reset when idle.
    pub kiosk: bool,
}

impl Chrome<'_> {
    /// A page of the site in the visitor's language (answers dropped).
    pub fn flow_href(&self, path: &str) -> String {
        let flow = Flow {
            lang: self.flow.lang,
            lang_chosen: self.flow.lang_chosen,
            display: self.flow.display,
            ..Flow::default()
        };
        flow.href(self.rules, path)
    }

    /// The home page, in the visitor's language (answers dropped).
    pub fn home_href(&self) -> String {
        self.flow_href("/")
    }
}

/// A whole page: `title` names it (the site name is added), `main` is its content.
pub fn page(chrome: &Chrome<'_>, title: &str, main: Markup) -> Markup {
    let tr = chrome.tr;
    let lang = tr.lang;
    let site = &chrome.rules.site;
    let display = chrome.flow.display;
    let classes = [
        (chrome.kiosk, "kiosk"),
        (display.large, "text-large"),
        (display.contrast, "contrast-high"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, class)| *class)
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        (DOCTYPE)
        html lang=(lang.html_tag()) dir=(if lang.is_rtl() { "rtl" } else { "ltr" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — " (site.name.get(lang)) }
                link rel="stylesheet" href=(chrome.assets.url("style.css"));
                link rel="icon" href=(chrome.assets.url("favicon.svg")) type="image/svg+xml";
            }
            body class=[(!classes.is_empty()).then_some(classes.as_str())] {
                a.skip href="#contenu" { (tr.t("skip-link")) }
                header.site {
                    a.brand href=(chrome.home_href()) {
                        (picto("home"))
                        span.name { (site.name.get(lang)) }
                    }
                    p.tagline { (site.tagline.get(lang)) }
                    (tools(chrome))
                }
                main #contenu tabindex="-1" {
                    (main)
                }
                footer.site {
                    h2.footer-title { (tr.t("footer-help")) }
                    p { (site.help.get(lang)) }
                    (contact_with(chrome, &site.contact))
                    p.about { a href=(chrome.flow_href("/a-propos")) { (tr.t("about-link")) } }
                }
            }
        }
    }
}

/// The language switch (each language named in itself) and the display options, on
/// every page, keeping the visit.
fn tools(chrome: &Chrome<'_>) -> Markup {
    let tr = chrome.tr;
    let flow = chrome.flow;
    let path = if chrome.path.is_empty() {
        "/"
    } else {
        chrome.path
    };
    let with = |change: &dyn Fn(&mut Flow)| {
        let mut flow = flow.clone();
        change(&mut flow);
        flow.href(chrome.rules, path)
    };
    let large = with(&|f| f.display.large = !f.display.large);
    let contrast = with(&|f| f.display.contrast = !f.display.contrast);
    html! {
        nav.tools aria-label=(tr.t("tools-label")) {
            details.languages {
                summary {
                    (picto("language"))
                    span { "Langue · Language" }
                    span.current lang=(flow.lang.html_tag()) { (flow.lang.endonym()) }
                }
                ul {
                    @for lang in Lang::ALL {
                        li {
                            a href=(with(&|f| { f.lang = *lang; f.lang_chosen = true; }))
                                lang=(lang.html_tag()) hreflang=(lang.html_tag())
                                dir=(if lang.is_rtl() { "rtl" } else { "ltr" })
                                aria-current=[(*lang == flow.lang).then_some("true")] {
                                (lang.endonym())
                            }
                        }
                    }
                }
            }
            a.tool href=(large) {
                (picto("text_bigger"))
                span { (if flow.display.large { tr.t("text-normal") } else { tr.t("text-larger") }) }
            }
            a.tool href=(contrast) {
                (picto("contrast"))
                span { (if flow.display.contrast { tr.t("contrast-normal") } else { tr.t("contrast-high") }) }
            }
        }
    }
}

/// A pictogram inlined, hidden from assistive technologies (the text beside it speaks).
pub fn picto(name: &str) -> Markup {
    match assets::pictogram(name) {
        // Our own SVG files, checked by a test: no script, no style, no text.
        Some(svg) => html! { span.picto aria-hidden="true" { (PreEscaped(svg)) } },
        None => html! {},
    }
}

/// A phone line or site: the number as a big `tel:` link, the hours, the site.
pub fn contact(tr: Tr<'_>, contact: &Contact) -> Markup {
    contact_in(tr, contact, false)
}

/// A contact on a page: on a kiosk, no link leaves the site (the number as text, the
/// site as a QR code to scan with a phone).
pub fn contact_with(chrome: &Chrome<'_>, contact: &Contact) -> Markup {
    contact_in(chrome.tr, contact, chrome.kiosk)
}

fn contact_in(tr: Tr<'_>, contact: &Contact, kiosk: bool) -> Markup {
    let lang = tr.lang;
    html! {
        div.contact {
            p.contact-name { strong { (contact.name.get(lang)) } }
            @if let Some(phone) = &contact.phone {
                p { (phone_number(phone, kiosk)) }
            }
            @if let Some(hours) = &contact.hours {
                p.hours { (hours.get(lang)) }
            }
            @if let Some(url) = &contact.url {
                (external(tr, url, html! { (display_url(url)) }, kiosk))
            }
        }
    }
}

/// A phone number: a `tel:` link, or plain large text on a kiosk (which cannot call).
pub fn phone_number(phone: &crate::rules::Phone, kiosk: bool) -> Markup {
    html! {
        @if kiosk {
            span.phone { (picto("phone")) span dir="ltr" { (phone.display) } }
        } @else {
            a.phone href={ "tel:" (phone.tel) } { (picto("phone")) span dir="ltr" { (phone.display) } }
        }
    }
}

/// A link to another site; on a kiosk, the address and a QR code to scan instead.
pub fn external(tr: Tr<'_>, url: &str, label: Markup, kiosk: bool) -> Markup {
    html! {
        @if kiosk {
            div.qr-link {
                (qr_code(url, &tr.args("qr-label", &[("url", display_url(url).into())])))
                @let address = display_url(url);
                p {
                    (label)
                    // The label is often the address itself: not twice.
                    @if !label.0.contains(address) { br; span.url { (address) } }
                }
            }
        } @else {
            p { a.external href=(url) rel="noopener noreferrer" { (label) } }
        }
    }
}

/// A QR code of `data`, as inline SVG (black on white whatever the theme, so that
/// phones read it).
pub fn qr_code(data: &str, label: &str) -> Markup {
    let drawn = QR_CODES.get(data).or_else(|| {
        let drawn = draw_qr_code(data)?;
        QR_CODES.insert(data.to_owned(), drawn.clone());
        Some(drawn)
    });
    let Some((size, path)) = drawn else {
        return html! {};
    };
    html! {
        span.qr {
            svg role="img" aria-label=(label) xmlns="http://www.w3.org/2000/svg"
                viewBox={ "0 0 " (size) " " (size) } width="160" height="160"
                shape-rendering="crispEdges" {
                rect width=(size) height=(size) fill="#ffffff" {}
                // Digits and path letters only: nothing to escape.
                path d=(PreEscaped(&*path)) fill="#000000" {}
            }
        }
    }
}

/// QR codes already drawn, by content. Drawing one (the standard tries eight masks
/// and keeps the most readable) costs more than the rest of a referral page, and the
/// same referral is printed again and again. Bounded: old ones are dropped.
static QR_CODES: LazyLock<quick_cache::sync::Cache<String, (usize, Arc<str>)>> =
    LazyLock::new(|| quick_cache::sync::Cache::new(QR_CODES_KEPT));
const QR_CODES_KEPT: usize = 512;

/// The white margin around a QR code, in modules (the standard asks for four).
const QR_QUIET_ZONE: usize = 4;

/// The side of the code, margin included, and one SVG path of its dark modules: a
/// rectangle per horizontal run, a fraction of the size of a square per module.
fn draw_qr_code(data: &str) -> Option<(usize, Arc<str>)> {
    use qrcode::canvas::{Canvas, MaskPattern};
    use std::fmt::Write;
    // As `QrCode::with_error_correction_level`, but with one mask rather than the best
    // of eight: scoring the eight took two thirds of a referral page's time. Any mask
    // is valid (a reader learns it from the format bits); the test reads our codes
    // back with an independent decoder.
    let level = qrcode::EcLevel::M;
    let bits = qrcode::bits::encode_auto(data.as_bytes(), level).ok()?;
    let version = bits.version();
    let (data, correction) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &correction);
    canvas.apply_mask(MaskPattern::Checkerboard);
    let width = usize::try_from(version.width()).ok()?;
    let colors = canvas.into_colors();
    let mut path = String::with_capacity(width * width);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == qrcode::Color::Light {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == qrcode::Color::Dark {
                x += 1;
            }
            let run = x - start;
            let _ = write!(
                path,
                "M{},{}h{run}v1h-{run}z",
                start + QR_QUIET_ZONE,
                y + QR_QUIET_ZONE
            );
        }
    }
    Some((width + 2 * QR_QUIET_ZONE, path.into()))
}

/// `https://www.caf.fr/x` → `www.caf.fr/x`: what a resident can read and type.
pub fn display_url(url: &str) -> &str {
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    url.strip_suffix('/').unwrap_or(url)
}
