use std::io::Read;
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let pages = budgetspor_core::source::pdf::read_bbox(&s);
    print!("{}", budgetspor_core::source::pdf::dump(&pages));
}
