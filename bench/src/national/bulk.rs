//! The copied tier: each synthetic desa gets a row-for-row copy of one live desa's
//! tables (its document, clock, ops, op references, dispatches and device), with its
//! own desa code, its own tracking codes and its dates moved back by up to a year, in
//! `INSERT … SELECT` statements a few hundred desa at a time.
//!
//! The copies' op bodies still name the live desa's tracking codes: the copied desa
//! serve the dashboards, indexes and sizes, never a sync (the live tier carries the
//! sync load). Column lists are read from the database, so a later migration's new
//! column is copied as is unless it is named here.

use std::collections::HashMap;
use std::time::Instant;

use antar_shared::region::{DistrictCode, ProvinceCode, RegencyCode, VillageCode};

use crate::report::{Context, Failure};

/// Desa copied in one transaction.
const CHUNK: usize = 400;

/// Tracking codes of copies: above every live one's id, one block of 2^20 per desa,
/// inside the 55 bits a tracking code holds.
const COPY_BASE: i64 = 1 << 54;

/// A table copied: its name, the `FROM` that pairs live rows with copies, and the
/// columns that differ (`None`: left to the column's default).
type TableCopy = (
    &'static str,
    &'static str,
    Vec<(&'static str, Option<String>)>,
);

/// The tables copied, and the columns that differ from the live desa's row
/// (`None`: left to its default). `t` is the live row, `m` the copy's mapping.
fn plan() -> Vec<TableCopy> {
    let shifted = |c: &'static str| (c, Some(format!("t.{c} - m.shift")));
    vec![
        (
            "documents",
            "documents t JOIN map m ON t.desa_code = m.template",
            vec![("desa_code", Some("m.code".into()))],
        ),
        (
            "doc_clocks",
            "doc_clocks t JOIN map m ON t.desa_code = m.template",
            vec![("desa_code", Some("m.code".into()))],
        ),
        (
            "ops",
            "ops t JOIN map m ON t.desa_code = m.template",
            vec![
                ("desa_code", Some("m.code".into())),
                shifted("device_time"),
                shifted("received_at"),
            ],
        ),
        (
            "op_staff",
            "op_staff t JOIN map m ON t.desa_code = m.template",
            vec![("desa_code", Some("m.code".into()))],
        ),
        (
            "op_refs",
            "op_refs t JOIN map m ON t.desa_code = m.template \
             LEFT JOIN dispatches d ON d.desa_code = t.desa_code AND d.tracking = t.tracking",
            vec![
                ("desa_code", Some("m.code".into())),
                (
                    "tracking",
                    Some(format!(
                        "CASE WHEN d.id IS NULL THEN t.tracking ELSE {COPY_BASE} + m.idx * 1048576 + d.id END"
                    )),
                ),
            ],
        ),
        (
            "dispatches",
            "dispatches t JOIN map m ON t.desa_code = m.template",
            vec![
                ("id", None),
                (
                    "tracking",
                    Some(format!("{COPY_BASE} + m.idx * 1048576 + t.id")),
                ),
                ("desa_code", Some("m.code".into())),
                ("kecamatan_code", Some("m.kec".into())),
                ("reissue_of", None),
                ("publish_claim", None),
                shifted("created_at"),
                shifted("updated_at"),
                shifted("first_trip_at"),
                shifted("arrived_at"),
                shifted("recovered_at"),
            ],
        ),
        (
            "devices",
            "devices t JOIN map m ON t.desa_code = m.template",
            vec![
                ("id", None),
                ("desa_code", Some("m.code".into())),
                (
                    "token_hash",
                    Some("decode(md5('national-' || m.code), 'hex')".into()),
                ),
                ("receipt_key", None),
                shifted("enrolled_at"),
                // Every desa syncs every ten minutes: the last one within that.
                (
                    "last_sync_at",
                    Some("t.last_sync_at - (m.idx % 600)".into()),
                ),
            ],
        ),
    ]
}

/// Copies `copied` synthetic desa from the live ones, printing progress.
pub async fn copy(
    db: &mut sqlx::PgConnection,
    live: &[VillageCode],
    copied: usize,
) -> Result<(), Failure> {
    if live.is_empty() || copied == 0 {
        return Ok(());
    }
    let codes = synthetic(copied)?;
    sqlx::query(
        "CREATE TEMP TABLE map (idx BIGINT, code TEXT, kec TEXT, template TEXT, shift BIGINT)",
    )
    .execute(&mut *db)
    .await
    .context("cannot make the mapping table")?;
    let statements = statements(db).await?;
    let started = Instant::now();
    for (c, chunk) in codes.chunks(CHUNK).enumerate() {
        let first = c * CHUNK;
        let idx: Vec<i64> = (first..first + chunk.len()).map(|i| i as i64).collect();
        let code: Vec<String> = chunk.iter().map(|v| v.to_string()).collect();
        let kec: Vec<String> = chunk.iter().map(|v| v.district().to_string()).collect();
        let template: Vec<String> = idx
            .iter()
            .map(|&i| live[i as usize % live.len()].to_string())
            .collect();
        let shift: Vec<i64> = idx
            .iter()
            .map(|&i| (1 + (i * 7919) % 365) * 86_400)
            .collect();
        let mut tx = sqlx::Connection::begin(&mut *db)
            .await
            .context("cannot begin")?;
        sqlx::query("TRUNCATE map")
            .execute(&mut *tx)
            .await
            .context("cannot clear the mapping")?;
        sqlx::query(
            "INSERT INTO map SELECT * FROM UNNEST($1::BIGINT[], $2::TEXT[], $3::TEXT[], $4::TEXT[], $5::BIGINT[])",
        )
        .bind(&idx)
        .bind(&code)
        .bind(&kec)
        .bind(&template)
        .bind(&shift)
        .execute(&mut *tx)
        .await
        .context("cannot fill the mapping")?;
        for (table, sql) in &statements {
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .execute(&mut *tx)
                .await
                .context(&format!("cannot copy {table}"))?;
        }
        tx.commit().await.context("cannot commit a chunk")?;
        let done = first + chunk.len();
        if (c + 1) % 10 == 0 || done == copied {
            let secs = started.elapsed().as_secs_f64();
            eprintln!(
                "  {done}/{copied} desa copied, {secs:.0} s (about {:.0} s to go)",
                secs / done as f64 * (copied - done) as f64
            );
        }
    }
    Ok(())
}

/// One `INSERT … SELECT` per table, its column list read from the database.
async fn statements(db: &mut sqlx::PgConnection) -> Result<Vec<(String, String)>, Failure> {
    let mut out = Vec::new();
    for (table, from, overrides) in plan() {
        let columns: Vec<String> = sqlx::query_scalar(
            "SELECT column_name::TEXT FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(table)
        .fetch_all(&mut *db)
        .await
        .context("cannot read a table's columns")?;
        let overrides: HashMap<&str, Option<String>> = overrides.into_iter().collect();
        let mut names = Vec::new();
        let mut values = Vec::new();
        for c in &columns {
            match overrides.get(c.as_str()) {
                Some(None) => {}
                Some(Some(expr)) => {
                    names.push(c.clone());
                    values.push(expr.clone());
                }
                None => {
                    names.push(c.clone());
                    values.push(format!("t.{c}"));
                }
            }
        }
        out.push((
            table.to_owned(),
            format!(
                "INSERT INTO {table} ({}) SELECT {} FROM {from}",
                names.join(", "),
                values.join(", ")
            ),
        ));
    }
    Ok(out)
}

/// `n` desa codes shaped as Kemendagri's, outside NTB: spread over the other 37
/// provinces, about 15 regencies each, ten kecamatan a regency, twenty desa a
/// kecamatan.
fn synthetic(n: usize) -> Result<Vec<VillageCode>, Failure> {
    let provinces: Vec<ProvinceCode> = (11..=99u8)
        .filter(|&p| p != 52)
        .filter_map(|p| ProvinceCode::new(p).ok())
        .collect();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let province = provinces[i % provinces.len()];
        let rest = i / provinces.len();
        let regency = u8::try_from(1 + rest / 200).context("too many desa for the code space")?;
        let district = u8::try_from(1 + (rest / 20) % 10).context("district")?;
        let village = u16::try_from(2001 + rest % 20).context("village")?;
        let code = RegencyCode::new(province, regency)
            .and_then(|r| DistrictCode::new(r, district))
            .and_then(|d| VillageCode::new(d, village))
            .context("a synthetic code did not form")?;
        out.push(code);
    }
    Ok(out)
}
