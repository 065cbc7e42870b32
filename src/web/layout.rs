//! The frame of every page: head, header, footer; and the small components pages
//! share. Plain HTML that reads well without CSS and works without JavaScript.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::assets::AssetTable;
use super::flow::Flow;
use crate::assets;
use crate::i18n::Tr;
use crate::rules::{Contact, Rules};

/// What every page needs besides its own content.
pub struct Chrome<'a> {
    pub tr: Tr<'a>,
    pub rules: &'a Rules,
    pub assets: &'a AssetTable,
    pub flow: &'a Flow,
}

impl Chrome<'_> {
    /// A page of the site in the visitor's language (answers dropped).
    pub fn flow_href(&self, path: &str) -> String {
        let flow = Flow {
            lang: self.flow.lang,
            ..Flow::default()
        };
        flow.href(self.rules, path)
    }

    /// The home page, in the visitor's language (answers dropped).
    pub fn home_href(&self) -> String {
        let flow = Flow {
            lang: self.flow.lang,
            ..Flow::default()
        };
        flow.href(self.rules, "/")
    }
}

/// A whole page: `title` names it (the site name is added), `main` is its content.
pub fn page(chrome: &Chrome<'_>, title: &str, main: Markup) -> Markup {
    let tr = chrome.tr;
    let lang = tr.lang;
    let site = &chrome.rules.site;
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
            body {
                a.skip href="#contenu" { (tr.t("skip-link")) }
                header.site {
                    a.brand href=(chrome.home_href()) {
                        (picto("home"))
                        span.name { (site.name.get(lang)) }
                    }
                    p.tagline { (site.tagline.get(lang)) }
                }
                main #contenu tabindex="-1" {
                    (main)
                }
                footer.site {
                    h2.footer-title { (tr.t("footer-help")) }
                    p { (site.help.get(lang)) }
                    (contact(tr, &site.contact))
                    p.about { a href=(chrome.flow_href("/a-propos")) { (tr.t("about-link")) } }
                }
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
    let lang = tr.lang;
    html! {
        div.contact {
            p.contact-name { strong { (contact.name.get(lang)) } }
            @if let Some(phone) = &contact.phone {
                p { a.phone href={ "tel:" (phone.tel) } { (picto("phone")) span { (phone.display) } } }
            }
            @if let Some(hours) = &contact.hours {
                p.hours { (hours.get(lang)) }
            }
            @if let Some(url) = &contact.url {
                p { a.external href=(url) rel="noopener noreferrer" { (display_url(url)) } }
            }
        }
    }
}

/// `https://www.caf.fr/x` → `www.caf.fr/x`: what a resident can read and type.
pub fn display_url(url: &str) -> &str {
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    url.strip_suffix('/').unwrap_or(url)
}
