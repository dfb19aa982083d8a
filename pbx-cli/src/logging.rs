//! `--verbose` and `RUST_LOG`: `tracing` output on stderr. The client's spans carry family,
//! endpoint, status and duration, never a password, token or login body; the HTTP stack's own
//! logs (which print URLs, tokens included) are not collected.

use tracing_subscriber::EnvFilter;

/// Starts tracing to stderr: `RUST_LOG` if set, else by `-v` count (none: warnings only).
pub fn init(verbose: u8) {
    let filter = match std::env::var("RUST_LOG") {
        Ok(directives) if !directives.trim().is_empty() => EnvFilter::new(directives),
        _ => EnvFilter::new(match verbose {
            0 => "warn",
            1 => "warn,pbx_api=debug,pbx=debug,pbx_sim=info",
            _ => "warn,pbx_api=trace,pbx=trace,pbx_sim=debug",
        }),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(true)
        .try_init();
}
