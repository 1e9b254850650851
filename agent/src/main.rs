fn main() {
    std::process::exit(antar_agent::main());
}
