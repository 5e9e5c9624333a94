-- The shop's own data: customers, catalogue, orders and their life cycle.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE customers (
    id              text PRIMARY KEY,                 -- C000123
    email           text NOT NULL,
    full_name       text NOT NULL,
    first_name      text NOT NULL,
    market          text NOT NULL CHECK (market IN ('UK', 'US', 'DE')),
    phone           text,
    address_line1   text NOT NULL,
    city            text NOT NULL,
    region          text,
    postcode        text NOT NULL,
    country         text NOT NULL,
    password_hash   text NOT NULL,
    marketing_opt_in boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX customers_email_key ON customers (lower(email));

CREATE TABLE products (
    id              text PRIMARY KEY,                 -- P0001
    name            text NOT NULL,
    category        text NOT NULL CHECK (category IN ('furniture', 'lighting', 'kitchen', 'bedding', 'decor')),
    product_type    text NOT NULL,                    -- dining_table, table_lamp, saucepan ...
    description     text NOT NULL,
    materials       text[] NOT NULL,
    care            text NOT NULL,
    assembly        text NOT NULL,
    warranty_years  int NOT NULL,
    attributes      jsonb NOT NULL DEFAULT '{}'       -- compatibility facts, see store/demo/catalogue.py
);
CREATE INDEX products_category_idx ON products (category, product_type);
CREATE INDEX products_name_idx ON products (lower(name));

CREATE TABLE variants (
    sku             text PRIMARY KEY,                 -- LGT-0412
    product_id      text NOT NULL REFERENCES products (id),
    variant_name    text NOT NULL,                    -- "Natural Oak, 180 cm"
    finish          text NOT NULL,
    size_label      text,
    width_cm        numeric(6, 1) NOT NULL,
    depth_cm        numeric(6, 1) NOT NULL,
    height_cm       numeric(6, 1) NOT NULL,
    width_in        numeric(6, 1) GENERATED ALWAYS AS (round(width_cm / 2.54, 1)) STORED,
    depth_in        numeric(6, 1) GENERATED ALWAYS AS (round(depth_cm / 2.54, 1)) STORED,
    height_in       numeric(6, 1) GENERATED ALWAYS AS (round(height_cm / 2.54, 1)) STORED,
    weight_kg       numeric(7, 2) NOT NULL,
    made_to_order   boolean NOT NULL DEFAULT false,
    lead_time_weeks int,
    final_sale      boolean NOT NULL DEFAULT false,
    attributes      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX variants_product_idx ON variants (product_id);

-- Price and stock differ per market; a variant not sold in a market has no row for it.
CREATE TABLE variant_markets (
    sku             text NOT NULL REFERENCES variants (sku),
    market          text NOT NULL CHECK (market IN ('UK', 'US', 'DE')),
    currency        text NOT NULL CHECK (currency IN ('GBP', 'USD', 'EUR')),
    price           numeric(10, 2) NOT NULL CHECK (price > 0),
    stock           int NOT NULL CHECK (stock >= 0),
    restock_date    date,
    PRIMARY KEY (sku, market)
);

CREATE TABLE orders (
    id              text PRIMARY KEY,                 -- HR-204813
    customer_id     text NOT NULL REFERENCES customers (id),
    market          text NOT NULL CHECK (market IN ('UK', 'US', 'DE')),
    currency        text NOT NULL CHECK (currency IN ('GBP', 'USD', 'EUR')),
    status          text NOT NULL CHECK (status IN (
                        'placed', 'processing', 'dispatched', 'in_transit', 'out_for_delivery',
                        'delivered', 'delayed', 'lost_in_transit', 'cancelled', 'returned',
                        'refunded', 'partially_refunded')),
    placed_at       timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    payment_method  text NOT NULL CHECK (payment_method IN ('card', 'paypal', 'klarna', 'gift_card', 'bank_transfer')),
    subtotal        numeric(10, 2) NOT NULL,
    delivery_fee    numeric(10, 2) NOT NULL,
    discount        numeric(10, 2) NOT NULL DEFAULT 0,
    total           numeric(10, 2) NOT NULL,
    promo_code      text,
    ship_name       text NOT NULL,
    ship_line1      text NOT NULL,
    ship_city       text NOT NULL,
    ship_region     text,
    ship_postcode   text NOT NULL,
    ship_country    text NOT NULL,
    cancelled_at    timestamptz,
    cancel_reason   text
);
CREATE INDEX orders_customer_idx ON orders (customer_id, placed_at DESC);
CREATE INDEX orders_status_idx ON orders (status);

CREATE TABLE order_lines (
    order_id        text NOT NULL REFERENCES orders (id),
    line_no         int NOT NULL,
    sku             text NOT NULL REFERENCES variants (sku),
    quantity        int NOT NULL CHECK (quantity > 0),
    unit_price      numeric(10, 2) NOT NULL,
    line_total      numeric(10, 2) NOT NULL,
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled', 'returned', 'refunded')),
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_sku_idx ON order_lines (sku);

CREATE TABLE shipments (
    id              text PRIMARY KEY,                 -- SH-204813-1
    order_id        text NOT NULL REFERENCES orders (id),
    carrier         text NOT NULL,
    service         text NOT NULL CHECK (service IN ('parcel', 'two_person')),
    tracking_number text NOT NULL,
    status          text NOT NULL CHECK (status IN (
                        'label_created', 'in_transit', 'out_for_delivery', 'delivered',
                        'delayed', 'lost', 'returned_to_sender')),
    dispatched_at   timestamptz,
    estimated_delivery date,
    delivered_at    timestamptz
);
CREATE INDEX shipments_order_idx ON shipments (order_id);
CREATE UNIQUE INDEX shipments_tracking_key ON shipments (carrier, tracking_number);

CREATE TABLE tracking_events (
    shipment_id     text NOT NULL REFERENCES shipments (id),
    seq             int NOT NULL,
    occurred_at     timestamptz NOT NULL,
    code            text NOT NULL,
    description     text NOT NULL,
    location        text,
    PRIMARY KEY (shipment_id, seq)
);

CREATE TABLE returns (
    id              text PRIMARY KEY,                 -- RT-204813-1
    order_id        text NOT NULL REFERENCES orders (id),
    status          text NOT NULL CHECK (status IN ('requested', 'approved', 'in_transit', 'received', 'inspected', 'rejected', 'refunded')),
    reason          text NOT NULL,
    requested_at    timestamptz NOT NULL,
    received_at     timestamptz,
    return_fee      numeric(10, 2) NOT NULL DEFAULT 0,
    line_nos        int[] NOT NULL
);
CREATE INDEX returns_order_idx ON returns (order_id);

CREATE TABLE refunds (
    id              text PRIMARY KEY,                 -- RF-204813-1
    order_id        text NOT NULL REFERENCES orders (id),
    return_id       text REFERENCES returns (id),
    amount          numeric(10, 2) NOT NULL CHECK (amount > 0),
    currency        text NOT NULL,
    method          text NOT NULL,
    status          text NOT NULL CHECK (status IN ('pending', 'processed', 'failed')),
    reason          text NOT NULL,
    created_at      timestamptz NOT NULL,
    processed_at    timestamptz
);
CREATE INDEX refunds_order_idx ON refunds (order_id);
