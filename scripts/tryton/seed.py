#!/usr/bin/env python3
"""Loads the portal's demo blueprint (scripts/tryton/export-blueprint.ts) into a Tryton 6.0
database through trytond's own models, with progress output:

company (USD) with a chart of accounts from the `account` module's minimal template, fiscal
year with monthly periods and invoice sequences, USD/EUR rates, payment terms, warehouses
WH-US / WH-EU, the blueprint's tax rates as taxes and its tax classes as account categories
(tax rounded per line), 200 items (+ ATP-DEMO-1) with lead times and their tax class, the named
accounts as parties (portal contacts, credit limit, payment term, price list chain, ship-to
country or the untaxed tax rule), the price lists (customer contract -> shared price list -> tier,
see docs/erp.md, "Tryton"), stock on hand (inventories) and dated receipts/issues (draft moves).

Usage: seed.py -c trytond.conf -d DATABASE blueprint.json
"""
import argparse
import datetime as dt
import json
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

parser = argparse.ArgumentParser()
parser.add_argument('-c', '--config', required=True)
parser.add_argument('-d', '--database', required=True)
parser.add_argument('blueprint')
args = parser.parse_args()

from trytond.config import config  # noqa: E402

config.update_etc(args.config)
from trytond.pool import Pool  # noqa: E402
from trytond.transaction import Transaction  # noqa: E402

STARTED = time.time()


def say(msg):
    print(f'  [{time.time() - STARTED:6.1f}s] {msg}', flush=True)


EUR_RATE = Decimal('0.92')
CENT = Decimal('0.01')
bp = json.load(open(args.blueprint))
today = dt.date.fromisoformat(bp['businessDate'])


def working_day(d, n):
    """The first working day (Mon-Fri) on or after d, then n more."""
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    for _ in range(n):
        d += dt.timedelta(days=1)
        while d.weekday() >= 5:
            d += dt.timedelta(days=1)
    return d


d0 = working_day(today, 0)

Pool.start()
pool = Pool(args.database)
pool.init()

with Transaction().start(args.database, 0, context={'active_test': False}) as tx:
    get = pool.get
    Currency, Rate = get('currency.currency'), get('currency.currency.rate')
    Party, Company, User = get('party.party'), get('company.company'), get('res.user')
    Config = get('ir.configuration')

    if Config.search([('hostname', '=', 'portal-seeded')]):
        say('already seeded')
        sys.exit(0)

    # ---- currencies ----
    def currency(code, name, symbol):
        found = Currency.search([('code', '=', code)])
        if found:
            return found[0]
        c, = Currency.create([{'name': name, 'code': code, 'symbol': symbol, 'rounding': CENT, 'digits': 2}])
        return c

    usd = currency('USD', 'U.S. Dollar', '$')
    eur = currency('EUR', 'Euro', '€')
    year_start = dt.date(today.year, 1, 1)
    Rate.create([{'currency': usd.id, 'date': year_start, 'rate': Decimal(1)},
                 {'currency': eur.id, 'date': year_start, 'rate': EUR_RATE}])
    say(f'currencies USD, EUR (rate {EUR_RATE} per USD)')

    # ---- company ----
    cparty, = Party.create([{'name': 'Portal Demo Supply Inc.', 'code': 'PORTAL-CO'}])
    company, = Company.create([{'party': cparty.id, 'currency': usd.id}])
    admin, = User.search([('login', '=', 'admin')])
    User.write([admin], {'companies': [('add', [company.id])], 'company': company.id})
    tx.set_context(company=company.id)
    say(f'company {cparty.name} (USD)')

    # ---- chart of accounts (the account module's minimal template) ----
    ModelData = get('ir.model.data')
    AccountTemplate, Account = get('account.account.template'), get('account.account')
    template = AccountTemplate(ModelData.get_id('account', 'account_template_root_en'))
    t2type, t2acc = {}, {}
    template.type.create_type(company.id, template2type=t2type)
    template.create_account(company.id, template2account=t2acc, template2type=t2type)
    template.update_account2(t2acc, {})
    accounts = Account.search([('company', '=', company.id)])
    receivable = next(a for a in accounts if a.type and a.type.receivable)
    payable = next(a for a in accounts if a.type and a.type.payable)
    revenue = next(a for a in accounts if a.type and a.type.revenue)
    expense = next(a for a in accounts if a.type and a.type.expense)
    tax_account = next((a for a in accounts if a.type and a.type.name == 'Tax'), payable)
    AccountConfig = get('account.configuration')
    AccountConfig.write([AccountConfig(1)], {
        'default_account_receivable': receivable.id, 'default_account_payable': payable.id,
        # Tax per line, as the portal prices it: each line's tax rounded, then summed per rate.
        'tax_rounding': 'line'})
    say(f'chart of accounts: {len(accounts)} accounts (receivable {receivable.code}, revenue {revenue.code})')

    # ---- taxes: the blueprint's rates per ship-to country and tax class ----
    # One country has tax records in the blueprint (Germany); its rates are the products' customer
    # taxes, per tax class. A party without a ship-to country gets the rule that drops them.
    Tax, TaxRule = get('account.tax'), get('account.tax.rule')
    tax_records = [c for c in bp['conditions'] if c['access'] == 'COUNTRY_TAX_CLASS']
    countries = sorted({c['country'] for c in tax_records})
    if len(countries) > 1:
        sys.exit(f'the seed expresses the tax of one ship-to country, the blueprint has {countries}')
    class_taxes = {}
    for c in tax_records:
        if c['taxClass'] in class_taxes:
            continue
        class_taxes[c['taxClass']], = Tax.create([{
            'name': f'{c["country"]} {c["taxClass"]} {c["rate"]} %', 'description': f'{c["rate"]} % {c["taxClass"]}',
            'type': 'percentage', 'rate': Decimal(c['rate']) / 100, 'company': company.id,
            'invoice_account': tax_account.id, 'credit_note_account': tax_account.id}])
    untaxed, = TaxRule.create([{'name': 'No ship-to country (untaxed)', 'kind': 'sale', 'company': company.id,
                                'lines': [('create', [{'sequence': 10}])]}])
    # Parties entered later get no tax until they are given a ship-to country and a rule (or none).
    AccountConfig.write([AccountConfig(1)], {'default_customer_tax_rule': untaxed.id})
    say(f'taxes: {", ".join(t.name for t in class_taxes.values()) or "none"}; rule "{untaxed.name}"')

    # ---- fiscal years: this one and the next (contracts run into next year) ----
    Sequence, SequenceStrict = get('ir.sequence'), get('ir.sequence.strict')
    FiscalYear = get('account.fiscalyear')
    seq_type_move = ModelData.get_id('account', 'sequence_type_account_move')
    seq_type_invoice = ModelData.get_id('account_invoice', 'sequence_type_account_invoice')
    for year in (today.year, today.year + 1):
        move_seq, = Sequence.create([{'name': f'Moves {year}', 'sequence_type': seq_type_move, 'company': company.id}])
        inv_seq, = SequenceStrict.create([{'name': f'Invoices {year}', 'sequence_type': seq_type_invoice,
                                          'company': company.id, 'prefix': f'INV{year}-', 'padding': 5}])
        cn_seq, = SequenceStrict.create([{'name': f'Credit notes {year}', 'sequence_type': seq_type_invoice,
                                         'company': company.id, 'prefix': f'CN{year}-', 'padding': 5}])
        fy, = FiscalYear.create([{
            'name': str(year), 'start_date': dt.date(year, 1, 1), 'end_date': dt.date(year, 12, 31),
            'company': company.id, 'post_move_sequence': move_seq.id,
            'invoice_sequences': [('create', [{
                'company': company.id, 'out_invoice_sequence': inv_seq.id, 'out_credit_note_sequence': cn_seq.id,
                'in_invoice_sequence': inv_seq.id, 'in_credit_note_sequence': cn_seq.id}])],
        }])
        FiscalYear.create_period([fy])
    say(f'fiscal years {today.year} and {today.year + 1} with monthly periods and invoice sequences')

    # ---- payment terms ----
    PaymentTerm = get('account.invoice.payment_term')
    terms = {}
    for days in sorted({a['paymentTermsDays'] for a in bp['accounts']}):
        terms[days], = PaymentTerm.create([{'name': f'Net {days}', 'lines': [('create', [{
            'type': 'remainder', 'relativedeltas': [('create', [{'days': days}])]}])]}])
    say(f'payment terms: {", ".join(t.name for t in terms.values())}')

    # ---- warehouses ----
    Location = get('stock.location')
    warehouses = {}
    lost_found, = Location.search([('type', '=', 'lost_found')], limit=1)
    for wh in bp['warehouses']:
        storage, inp, out = Location.create([
            {'name': f'{wh["id"]} storage', 'code': f'{wh["id"]}-STO', 'type': 'storage'},
            {'name': f'{wh["id"]} input', 'code': f'{wh["id"]}-IN', 'type': 'storage'},
            {'name': f'{wh["id"]} output', 'code': f'{wh["id"]}-OUT', 'type': 'storage'}])
        w, = Location.create([{'name': wh['name'], 'code': wh['id'], 'type': 'warehouse',
                               'storage_location': storage.id, 'input_location': inp.id, 'output_location': out.id,
                               'lost_found_location': lost_found.id}])
        Location.write([storage, inp, out], {'parent': w.id})
        warehouses[wh['id']] = w
    # Only the portal's warehouses: the stock module's default one is archived.
    Location.write(Location.search([('type', '=', 'warehouse'), ('code', 'not in', list(warehouses))]), {'active': False})
    supplier, = Location.search([('type', '=', 'supplier')], limit=1)
    customer, = Location.search([('type', '=', 'customer')], limit=1)
    say(f'warehouses: {", ".join(warehouses)}')

    # ---- items ----
    Uom, UomCategory = get('product.uom'), get('product.uom.category')
    uoms = {'EA': Uom(ModelData.get_id('product', 'uom_unit')), 'M': Uom(ModelData.get_id('product', 'uom_meter'))}
    boxes, = UomCategory.create([{'name': 'Boxes'}])
    uoms['BX'], = Uom.create([{'name': 'Box', 'symbol': 'BX', 'category': boxes.id, 'rate': 1, 'factor': 1,
                               'rounding': 1, 'digits': 0}])
    Category = get('product.category')
    category, = Category.create([{'name': 'Portal items', 'accounting': True,
                                  'account_revenue': revenue.id, 'account_expense': expense.id}])
    # An account category per tax class (its name), with the class's customer taxes; accounts from the parent.
    tax_classes = {}
    for tax_class in sorted({i.get('taxClass') for i in bp['items'] if i.get('taxClass')}):
        tax_classes[tax_class], = Category.create([{
            'name': tax_class, 'parent': category.id, 'accounting': True, 'account_parent': True,
            'customer_taxes': [('add', [class_taxes[tax_class].id])] if tax_class in class_taxes else []}])
    list_usd = {c['sku']: Decimal(c['amount']) for c in bp['conditions']
                if c['access'] == 'LIST' and c['conditionType'] == 'PR00' and c['currency'] == 'USD'}
    Template = get('product.template')
    vlist = []
    for item in bp['items']:
        vlist.append({
            'name': item['name'], 'type': 'goods', 'default_uom': uoms[item['uom']].id,
            'sale_uom': uoms[item['uom']].id, 'purchase_uom': uoms[item['uom']].id, 'list_price': list_usd[item['sku']],
            'salable': not item['discontinued'], 'purchasable': True,
            'account_category': tax_classes[item['taxClass']].id if item.get('taxClass') else category.id,
            'products': [('create', [{
                'suffix_code': item['sku'], 'cost_price': (list_usd[item['sku']] * Decimal('0.6')).quantize(CENT),
                'description': f'Successor: {item["successorSku"]}' if item['successorSku'] else None}])],
        })
    templates = Template.create(vlist)
    products = {t.products[0].code: t.products[0] for t in templates}
    # Replenishment lead times live where Tryton keeps them: on the supplier of the product (purchase).
    vendor, = Party.create([{'name': 'Portal Demo Vendor', 'code': 'VENDOR'}])
    get('purchase.product_supplier').create([{
        'template': t.id, 'product': t.products[0].id, 'party': vendor.id,
        'lead_time': dt.timedelta(days=item['leadTimeDays'])} for t, item in zip(templates, bp['items'])])
    class_counts = ', '.join(f'{k} {sum(1 for i in bp["items"] if i.get("taxClass") == k)}' for k in tax_classes)
    say(f'items: {len(products)} (supplier lead times, list prices in USD, discontinued FLT-0008 not salable, '
        f'tax classes {class_counts})')

    # ---- price lists: contract (per account) -> shared price list -> tier ----
    PriceList = get('product.price_list')
    by_access = {}
    for c in bp['conditions']:
        by_access.setdefault(c['access'], []).append(c)

    def usd_amount(c, value):
        value = Decimal(value)
        return value if c['currency'] == 'USD' else (value / EUR_RATE).quantize(CENT, ROUND_HALF_UP)

    def lines_of(conditions):
        out = []
        for c in conditions:
            if c['sku'] not in products:
                continue
            bands = [(Decimal(s['from']), s['amount']) for s in c['scales']] or [(Decimal(0), c['amount'])]
            for qty, amount in sorted(bands, key=lambda b: -b[0]):  # first matching line wins: highest quantity first
                out.append({
                    'product': products[c['sku']].id, 'quantity': float(qty) if qty > 1 else None,
                    'formula': f"Decimal('{usd_amount(c, amount)}')",
                    'start_date': dt.date.fromisoformat(c['validFrom']) if c['validFrom'] > '2000' else None,
                    'end_date': dt.date.fromisoformat(c['validTo']) if c['validTo'] else None,
                })
        return out

    tiers = {}
    for tier in ('GOLD', 'SILVER', 'BRONZE'):
        records = [c for c in by_access.get('TIER_ITEM', []) if c['tier'] == tier and c['currency'] == 'USD']
        lines = lines_of(records)
        # The volume discount of the blueprint (K004 on HOS-0006, every customer) as quantity breaks of the tier list.
        for k in by_access.get('LIST', []):
            if k['conditionType'] == 'K004' and k['currency'] == 'USD' and k['sku'] in products:
                for s in sorted(k['scales'], key=lambda s: -Decimal(s['from'])):
                    factor = (100 - Decimal(s['rate'])) / 100
                    lines.append({'product': products[k['sku']].id, 'quantity': float(s['from']),
                                  'formula': f"list_price * Decimal('{factor}')"})
        tiers[tier], = PriceList.create([{'name': f'TIER-{tier}', 'lines': [('create', lines)]}])

    shared = {}
    for account in bp['accounts']:
        pl_id = account['priceListId']
        if pl_id in shared:
            continue
        records = [c for c in by_access.get('PRICE_LIST_ITEM', []) if c['priceListId'] == pl_id]
        lines = lines_of(records) + [{'formula': 'parent_unit_price'}]
        shared[pl_id], = PriceList.create([{'name': pl_id, 'parent': tiers[account['tier']].id,
                                            'lines': [('create', lines)]}])
    say(f'price lists: {", ".join(shared)} over tiers {", ".join("TIER-" + t for t in tiers)}')

    # ---- parties (the named accounts) ----
    PartyCategory = get('party.category')
    cat_root = {}
    for name in ('Currency', 'Warehouse', 'Delivery'):
        cat_root[name], = PartyCategory.create([{'name': name}])
    cats = {}

    def cat(root, value):
        if (root, value) not in cats:
            cats[root, value], = PartyCategory.create([{'name': value, 'parent': cat_root[root].id}])
        return cats[root, value]

    Country = get('country.country')
    country_names = {'DE': 'Germany'}

    def country_of(code):
        found = Country.search([('code', '=', code)])
        if found:
            return found[0]
        c, = Country.create([{'name': country_names.get(code, code), 'code': code}])
        return c

    parties = {}
    for a in bp['accounts']:
        ship_to = a.get('shipToCountry')
        contract_records = [c for c in by_access.get('CUSTOMER_ITEM', []) if c['accountId'] == a['id']]
        contract_id = next((c['contractId'] for c in contract_records if c['contractId']), f'K-{a["id"]}')
        contract, = PriceList.create([{
            'name': contract_id, 'parent': shared[a['priceListId']].id,
            'lines': [('create', lines_of(contract_records) + [{'formula': 'parent_unit_price'}])]}])
        users = [u for u in bp['users'] if u['accountId'] == a['id']]
        p, = Party.create([{
            'name': a['name'], 'code': a['id'],
            'categories': [('add', [cat('Currency', a['currency']).id, cat('Warehouse', a['defaultWarehouse']).id,
                                    cat('Delivery', 'Partial' if a['partialDelivery'] else 'Complete').id])],
            'addresses': [('create', [{'street': a['addressLines'][0], 'city': a['addressLines'][1],
                                       **({'country': country_of(ship_to).id} if ship_to else {})}])],
            # Taxed by the products' taxes where it ships to the taxes' country; else untaxed.
            'customer_tax_rule': None if ship_to in countries else untaxed.id,
            'contact_mechanisms': [('create', [{
                'type': 'email', 'value': u['email'], 'name': u['name'],
                'comment': f'portal user={u["id"]} role={u["role"]}'
                           + (f' spendingLimit={u["spendingLimit"]}' if u['spendingLimit'] else '')} for u in users])],
            'customer_payment_term': terms[a['paymentTermsDays']].id,
            'credit_limit_amount': Decimal(a['creditLimit']),
            'sale_price_list': contract.id,
        }])
        parties[a['id']] = p
    taxed = ', '.join(a['id'] for a in bp['accounts'] if a.get('shipToCountry') in countries) or 'none'
    say(f'parties: {", ".join(parties)} (contacts, credit limits, payment terms, contract price lists; taxed: {taxed})')

    # ---- stock on hand (one inventory per warehouse, dated the business date) ----
    Inventory = get('stock.inventory')
    for wh_id, wh in warehouses.items():
        lines = [{'product': products[s['sku']].id, 'quantity': float(s['onHand'])}
                 for s in bp['stock'] if s['warehouseId'] == wh_id and s['onHand'] > 0 and s['sku'] in products]
        inv, = Inventory.create([{'location': wh.storage_location.id, 'date': today, 'company': company.id,
                                  'lines': [('create', lines)]}])
        Inventory.confirm([inv])
    say(f'stock on hand: {len(bp["stock"])} item/warehouse quantities')

    # ---- dated supply and demand: draft moves with planned dates ----
    Move = get('stock.move')
    vlist = []
    for m in bp['movements']:
        if m['sku'] not in products:
            continue
        product, wh = products[m['sku']], warehouses[m['warehouseId']]
        receipt = m['quantity'] > 0
        vlist.append({
            'product': product.id, 'uom': product.default_uom.id, 'quantity': float(abs(m['quantity'])),
            'from_location': supplier.id if receipt else wh.storage_location.id,
            'to_location': wh.storage_location.id if receipt else customer.id,
            'planned_date': working_day(d0, m['day']), 'company': company.id,
            'unit_price': product.cost_price, 'currency': usd.id,
        })
    Move.create(vlist)
    say(f'dated receipts and issues: {len(vlist)} planned moves (ATP-DEMO-1 = the ATP worked example from {d0})')

    # ---- sale configuration: invoice on shipment, ship on order ----
    SaleConfig = get('sale.configuration')
    SaleConfig.write([SaleConfig(1)], {'sale_invoice_method': 'shipment', 'sale_shipment_method': 'order'})

    Config.create([{'hostname': 'portal-seeded'}])
    tx.commit()
    say(f'done: business date {today}')
