use clap::Parser;

fn main() {
    std::process::exit(antar_agent::run(antar_agent::Cli::parse()));
}
